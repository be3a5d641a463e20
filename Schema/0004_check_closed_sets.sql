-- The channel of stored counts comes from the same closed set as responses.channel (paper,
-- kiosk, web, phone, post); tallies carry no channel (''). Until now only responses checked
-- it. NOT VALID would skip the rows already there; they are checked, so that a stray value
-- stops the migration instead of staying hidden.
ALTER TABLE upload_vectors ADD CONSTRAINT upload_vectors_channel_check
    CHECK (channel IN ('', 'paper', 'kiosk', 'web', 'phone', 'post'));

ALTER TABLE submission_vectors ADD CONSTRAINT submission_vectors_channel_check
    CHECK (channel IN ('paper', 'kiosk', 'web', 'phone', 'post'));
