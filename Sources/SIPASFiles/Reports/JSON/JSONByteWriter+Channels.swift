import SIPASCore

// MARK: the report's channels, key by key in sorted order (as `Report.UnitChannels` encodes it)

extension JSONByteWriter {
    mutating func write(_ channels: [Report.UnitChannels]) throws {
        beginArray()
        for unit in channels {
            separator()
            beginObject()
            key("channels")
            beginArray()
            for c in unit.channels {
                separator()
                beginObject()
                key("channel")
                string(c.channel)
                key("overall")
                write(c.overall)
                key("respondents")
                int(c.respondents)
                key("too_few_respondents")
                bool(c.tooFewRespondents)
                endObject()
            }
            endArray()
            key("code")
            string(unit.code)
            key("differ")
            bool(unit.differ)
            key("differences")
            beginArray()
            for d in unit.differences {
                separator()
                beginObject()
                key("channels")
                strings(d.channels)
                key("difference")
                try double(d.difference)
                key("p")
                try double(d.p)
                key("p_adjusted")
                try double(d.pAdjusted)
                key("significant")
                bool(d.significant)
                endObject()
            }
            endArray()
            key("name")
            string(unit.name)
            endObject()
        }
        endArray()
    }
}
