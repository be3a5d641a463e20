// The kiosk of the one-stop desk (/kiosk). Paired once with a one-time code, the tablet keeps
// its device token in localStorage. Every answer is first appended to a queue in localStorage
// with a client id of its own, then sent with the others waiting to POST /api/submissions/batch
// whenever the service answers: stored and already-stored ones leave the queue, refused ones go
// to a list of their own (with the reason, never silently dropped), and on a network error or a
// busy service they stay and are sent again a few seconds later or when the network is back.
// The service stores a client id of an account once, so a batch sent twice (an answer lost on
// the way back) still counts each questionnaire once.
"use strict";
(() => {
  const DEVICE = "sipas.kiosk.device";
  const QUEUE = "sipas.kiosk.queue";
  const REFUSED = "sipas.kiosk.refused";
  const RESET_MS = 4000;
  const RETRY_MS = 5000;
  const BATCH = 100;
  const $ = (id) => document.getElementById(id);

  function load(key, fallback) {
    try {
      const value = JSON.parse(localStorage.getItem(key));
      return value === null || value === undefined ? fallback : value;
    } catch (error) {
      return fallback;
    }
  }

  function save(key, value) {
    localStorage.setItem(key, JSON.stringify(value));
  }

  function clientID() {
    if (window.crypto && crypto.randomUUID) return "kiosk-" + crypto.randomUUID();
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return "kiosk-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // Today in Vietnam (YYYY-MM-DD): the questionnaire's date, whatever the tablet's time zone.
  function today() {
    const parts = {};
    for (const part of new Intl.DateTimeFormat("en-US", {
      timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit",
    }).formatToParts(new Date())) parts[part.type] = part.value;
    return `${parts.year}-${parts.month}-${parts.day}`;
  }

  // MARK: Counts

  function showCounts() {
    $("waiting-count").textContent = String(load(QUEUE, []).length);
    const refused = load(REFUSED, []).length;
    $("refused-count").textContent = String(refused);
    $("refused").hidden = refused === 0;
  }

  function setNetwork(text) {
    $("network").textContent = text;
  }

  // MARK: Sending

  let flushing = false;
  let timer = null;

  function schedule(ms) {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => { timer = null; flush(); }, ms);
  }

  // Removes the answers with these client ids from the queue (read again: answers may have
  // been added while the batch was on its way).
  function settle(done, refused) {
    save(QUEUE, load(QUEUE, []).filter((item) => !done.has(item.submission.client_id)));
    if (refused.length) save(REFUSED, load(REFUSED, []).concat(refused));
  }

  async function flush() {
    const device = load(DEVICE, null);
    if (flushing || !device) return;
    const batch = load(QUEUE, []).slice(0, BATCH);
    showCounts();
    if (!batch.length) return;
    flushing = true;
    let next = RETRY_MS;
    try {
      const response = await fetch("/api/submissions/batch", {
        method: "POST", cache: "no-store", credentials: "omit",
        headers: { "Content-Type": "application/json", "Authorization": "Bearer " + device.token },
        body: JSON.stringify(batch.map((item) => item.submission)),
      });
      if (response.ok) {
        const receipt = await response.json();
        const done = new Set();
        const refused = [];
        for (const line of receipt.items || []) {
          const item = batch[line.index];
          if (!item) continue;
          if (line.status === "stored" || line.status === "already_stored") {
            done.add(item.submission.client_id);
          } else if (line.status === "refused") {
            done.add(item.submission.client_id);
            refused.push(Object.assign({}, item, { problem: line.problem || null }));
            console.warn("sipas kiosk: questionnaire refused", item.submission.client_id, line.problem);
          }
        }
        settle(done, refused);
        setNetwork("");
        if (load(QUEUE, []).length) next = 0;
      } else if (response.status === 401) {
        setNetwork("Mã thiết bị không còn hiệu lực; phiếu vẫn được giữ trên máy. Hãy báo quản trị viên.");
      } else if (response.status === 429 || response.status === 408 || response.status >= 500) {
        const after = Number(response.headers.get("Retry-After"));
        if (after > 0) next = after * 1000;
        setNetwork("Máy chủ đang bận; phiếu được giữ trên máy và sẽ tự gửi lại.");
      } else {
        // The whole batch was refused (not JSON the service reads, too large…): kept aside with
        // the reason, so that it neither blocks the answers after it nor disappears.
        const problem = await response.json().catch(() => ({ status: response.status }));
        console.warn("sipas kiosk: batch refused", problem);
        settle(new Set(batch.map((item) => item.submission.client_id)),
          batch.map((item) => Object.assign({}, item, { problem })));
        next = 0;
      }
    } catch (error) {
      setNetwork("Chưa kết nối được máy chủ; phiếu được giữ trên máy và sẽ tự gửi khi có mạng.");
    } finally {
      flushing = false;
      showCounts();
      if (load(QUEUE, []).length) schedule(next);
    }
  }

  // MARK: Screens

  let resetTimer = null;

  function show(screen) {
    for (const id of ["pair", "rate", "thanks"]) $(id).hidden = id !== screen;
  }

  function renderQuestions(device) {
    $("kiosk-title").textContent = device.survey.title;
    $("kiosk-unit").textContent = device.unit.name;
    const box = $("questions");
    box.textContent = "";
    device.questions.forEach((question, n) => {
      const fieldset = document.createElement("fieldset");
      fieldset.className = "q";
      fieldset.dataset.code = question.code;
      fieldset.dataset.required = question.required ? "1" : "";
      const legend = document.createElement("legend");
      legend.textContent = `${n + 1}. ${question.text}`;
      fieldset.appendChild(legend);
      const options = document.createElement("div");
      options.className = "opts";
      question.options.forEach((option, i) => {
        const id = `q${n}-${i}`;
        const input = document.createElement("input");
        Object.assign(input, { type: "radio", name: `q${n}`, id, value: option.code });
        const label = document.createElement("label");
        label.htmlFor = id;
        label.textContent = option.label;
        options.append(input, label);
      });
      fieldset.appendChild(options);
      box.appendChild(fieldset);
    });
  }

  function startRating() {
    if (resetTimer) clearTimeout(resetTimer);
    resetTimer = null;
    $("rate-form").reset();
    $("rate-message").textContent = "";
    for (const fieldset of document.querySelectorAll("fieldset.q")) fieldset.classList.remove("missing");
    show("rate");
    window.scrollTo(0, 0);
  }

  function answer(event) {
    event.preventDefault();
    const device = load(DEVICE, null);
    if (!device) return;
    const answers = {};
    const missing = [];
    for (const fieldset of document.querySelectorAll("fieldset.q")) {
      const chosen = fieldset.querySelector("input:checked");
      fieldset.classList.toggle("missing", !chosen && fieldset.dataset.required === "1");
      if (chosen) answers[fieldset.dataset.code] = chosen.value;
      else if (fieldset.dataset.required === "1") missing.push(fieldset);
    }
    if (missing.length) {
      $("rate-message").textContent = `Vui lòng chọn mức đánh giá cho ${missing.length === 1 ? "câu" : "các câu"} ` +
        missing.map((f) => f.querySelector("legend").textContent.split(".")[0]).join(", ") + ".";
      missing[0].querySelector("input").focus();
      return;
    }
    const queue = load(QUEUE, []);
    queue.push({
      answered_at: new Date().toISOString(),
      submission: {
        client_id: clientID(), survey: device.survey.code, unit: device.unit.code, date: today(), channel: "kiosk", answers,
      },
    });
    save(QUEUE, queue);
    showCounts();
    show("thanks");
    $("thanks").focus();
    resetTimer = setTimeout(startRating, RESET_MS);
    flush();
  }

  async function pair(event) {
    event.preventDefault();
    const message = $("pair-message");
    const code = $("pair-code").value.trim();
    if (!code) {
      message.textContent = "Vui lòng nhập mã ghép nối.";
      $("pair-code").focus();
      return;
    }
    message.textContent = "Đang ghép nối…";
    try {
      const response = await fetch("/kiosk/pair", {
        method: "POST", cache: "no-store", credentials: "omit",
        headers: { "Content-Type": "application/json" }, body: JSON.stringify({ code }),
      });
      const body = await response.json().catch(() => null);
      if (response.status === 201 && body && body.token) {
        save(DEVICE, body);
        message.textContent = "";
        begin();
        return;
      }
      message.textContent = (body && body.detail) || "Không ghép nối được; vui lòng thử lại.";
    } catch (error) {
      message.textContent = "Không kết nối được máy chủ. Hãy kiểm tra mạng rồi thử lại.";
    }
    $("pair-code").focus();
  }

  function begin() {
    const device = load(DEVICE, null);
    showCounts();
    if (!device) {
      show("pair");
      return;
    }
    renderQuestions(device);
    startRating();
    flush();
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("pair-form").addEventListener("submit", pair);
    $("rate-form").addEventListener("submit", answer);
    $("again").addEventListener("click", startRating);
    window.addEventListener("online", flush);
    window.addEventListener("storage", showCounts);
    begin();
  });
})();
