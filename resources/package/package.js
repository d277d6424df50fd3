// Nigezero offline package viewer (evac_plans/package/viewer.py writes it into index.html).
//
// Everything is in the page: deck.gl (as text in #nz-deck, run after the list's first paint), the map layers (layers/deck.py specs, base64),
// and the people (clear, or AES-GCM under a PBKDF2-SHA256 key from the passphrase). The page makes
// no request (its Content-Security-Policy forbids any). Safety-check marks live in localStorage and
// leave as a return file authenticated with HMAC-SHA256 under the package's secret.
"use strict";
(() => {
  const DATA = JSON.parse(document.getElementById("nz-data").textContent);
  const META = DATA.meta;
  const STATUSES = [
    ["unconfirmed", "未確認"], ["safe_home", "無事・自宅"], ["evacuated", "避難済"], ["needs_rescue", "要救助"], ["absent", "不在"],
  ];
  const STATUS_LABEL = Object.fromEntries(STATUSES);
  const STATUS_RGB = {
    unconfirmed: [120, 120, 120], safe_home: [46, 125, 50], evacuated: [25, 118, 210], needs_rescue: [211, 47, 47], absent: [245, 124, 0],
  };
  const STORE_KEY = `nigezero-checks:${META.package}`;
  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
    return node;
  };
  // listReady: the people list and search work; firstRender: the map's first finished frame (people and map shown)
  const nz = (window.nzPkg = { ready: false, listReady: null, firstRender: null, started: performance.now(), error: null });
  let people = [];
  let secret = null;
  let marks = {};
  let selected = null;
  let deckgl = null;
  let mode3d = false;
  let view = null; // the current camera, kept so the 2D/3D switch starts from it
  let query = "";
  let labels = false; // text layers (font atlas: ~0.7 s without a GPU) join right after the first frame

  // header, banners, legend, attribution ------------------------------------------------------
  function frame() {
    document.title = `${META.title}（${META.recipient}）`;
    $("title").textContent = META.title;
    $("subtitle").textContent = `提供先: ${META.recipient}　作成: ${META.created_wareki}　有効期限: ${META.expires_wareki}`;
    if (META.disaster_mode) $("banners").append(el("div", { class: "banner disaster", id: "disasterBanner" }, META.disaster_text));
    if (new Date() > new Date(`${META.expires}T23:59:59+09:00`)) {
      $("banners").append(el("div", { class: "banner expired", id: "expiredBanner" },
        `有効期限（${META.expires_wareki}）を過ぎたパッケージです。最新のパッケージを市にご請求ください。安否確認ファイルは市で受け付けられません。`));
    }
    $("attribution").textContent = META.sources.join("　");
    const legend = $("legend");
    legend.append(el("h3", {}, "建物の想定浸水深"));
    for (const row of META.legend) legend.append(el("div", {}, el("span", { class: "sw", style: `background: rgb(${row.color})` }), row.label));
    legend.append(el("h3", {}, "記号"));
    legend.append(el("div", {}, el("span", { class: "sw", style: "background: #0a7d3b" }), "避難所"));
    legend.append(el("div", {}, el("span", { class: "sw", style: "background: #1f4e8c" }), "避難経路"));
    for (const [code, label] of STATUSES) legend.append(el("div", {}, el("span", { class: "sw", style: `background: rgb(${STATUS_RGB[code]}); border-radius: 50%` }), `要支援者（${label}）`));
  }

  // unlocking ----------------------------------------------------------------------------------
  const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  async function decrypt(blob, passphrase) {
    const base = await crypto.subtle.importKey("raw", new TextEncoder().encode(passphrase), "PBKDF2", false, ["deriveKey"]);
    const key = await crypto.subtle.deriveKey(
      { name: "PBKDF2", salt: bytes(blob.salt), iterations: blob.iterations, hash: "SHA-256" }, base,
      { name: "AES-GCM", length: 256 }, false, ["decrypt"]);
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: bytes(blob.iv) }, key, bytes(blob.data));
    return JSON.parse(new TextDecoder().decode(plain));
  }

  function askPassphrase() {
    $("app").hidden = true;
    document.querySelector("header nav").hidden = true;
    $("lock").hidden = false;
    $("passphrase").focus();
    $("lock").addEventListener("submit", async (event) => {
      event.preventDefault();
      $("lockMessage").textContent = "確認しています…";
      try {
        const payload = await decrypt(DATA.encrypted, $("passphrase").value);
        $("lock").hidden = true;
        $("app").hidden = false;
        document.querySelector("header nav").hidden = false;
        start(payload);
      } catch (err) {
        $("lockMessage").textContent = "パスフレーズが違います。もう一度入力してください（大文字・小文字、全角・半角も区別されます）。";
        $("passphrase").select();
      }
    });
  }

  // marks --------------------------------------------------------------------------------------
  function loadMarks() {
    try { marks = JSON.parse(localStorage.getItem(STORE_KEY) || "{}"); } catch (err) { marks = {}; }
  }
  function statusOf(id) { return (marks[id] && marks[id].status) || "unconfirmed"; }
  function isoNow(date = new Date()) {
    const offset = -date.getTimezoneOffset();
    const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, "0");
    const local = new Date(date.getTime() + offset * 60000).toISOString().slice(0, 19);
    return `${local}${offset >= 0 ? "+" : "-"}${pad(offset / 60)}:${pad(offset % 60)}`;
  }
  function mark(id, status, note = "", time = null) {
    marks[id] = { status, time: time || isoNow(), note };
    localStorage.setItem(STORE_KEY, JSON.stringify(marks));
    renderList();
    if (selected === id) renderDetail();
    updateLayers();
  }

  async function returnFile() {
    const body = JSON.stringify({
      format: "nigezero-safety-checks", version: 1, package: META.package, created: isoNow(),
      marks: Object.entries(marks).map(([person, m]) => ({ person, status: m.status, time: m.time, note: m.note || "" })),
    });
    const key = await crypto.subtle.importKey("raw", bytes(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const tag = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body)));
    return JSON.stringify({ body, hmac: Array.from(tag, (b) => b.toString(16).padStart(2, "0")).join("") });
  }

  async function saveChecks() {
    const text = await returnFile();
    const a = el("a", { href: URL.createObjectURL(new Blob([text], { type: "application/json" })),
      download: `anpi-${META.package.slice(0, 8)}-${isoNow().slice(0, 16).replace(/[-:T]/g, "")}.json` });
    document.body.append(a);
    a.click();
    a.remove();
  }

  // list and search ----------------------------------------------------------------------------
  const fold = (s) => String(s || "").normalize("NFKC").toLowerCase().replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60)).replace(/\s+/g, "");
  function matches(p) {
    if (!query) return true;
    return [p.name, p.kana, p.address, p.id].some((v) => fold(v).includes(query));
  }
  function renderList() {
    const list = $("list");
    list.replaceChildren();
    const shown = people.filter(matches);
    $("count").textContent = query ? `${people.length} 人中 ${shown.length} 人が該当` : `${people.length} 人`;
    for (const p of shown) {
      const status = statusOf(p.id);
      list.append(el("li", { class: p.id === selected ? "selected" : "", "data-id": p.id, onclick: () => select(p.id) },
        el("span", {}, p.name || `ID ${p.id.slice(0, 8)}`, el("span", { class: "kana" }, p.kana || "")),
        el("span", { class: `badge st-${status}` }, STATUS_LABEL[status])));
    }
  }

  // detail -------------------------------------------------------------------------------------
  function valueText(key, v) {
    if (v == null || v === "" || (Array.isArray(v) && !v.length)) return key === "supporters" ? "（未登録）" : "";
    if (key === "supporters") return v.map((s) => `${s.name}（${s.roles || "役割未定"}）${s.phone ? " " + s.phone : ""}${s.address ? " " + s.address : ""}`).join("\n");
    if (key === "destination") return v.text;
    if (key === "home") return `経度 ${v[0].toFixed(5)}, 緯度 ${v[1].toFixed(5)}`;
    if (key === "route") return `${v.length} 点の経路（地図に表示）`;
    if (key === "age") return `${v} 歳`;
    if (key === "battery_hours") return `${v} 時間`;
    return String(v);
  }
  function fieldRows(p) {
    return META.fields.filter((f) => f.key !== "name" && f.key !== "kana").map((f) => [f.label, f.key in p ? valueText(f.key, p[f.key]) : "（提供対象外）"]);
  }
  function renderDetail() {
    const box = $("detail");
    const p = people.find((x) => x.id === selected);
    if (!p) return;
    const m = marks[p.id] || {};
    const dl = el("dl");
    for (const [label, text] of fieldRows(p)) dl.append(el("dt", {}, label), el("dd", { style: "white-space: pre-line" }, text));
    const note = el("textarea", { id: "note", rows: "2", placeholder: "状況のメモ（例: 2階に避難、家族と同行）" });
    note.value = m.note || "";
    const buttons = el("div", { class: "statuses" }, ...STATUSES.map(([code, label]) =>
      el("button", { type: "button", class: `st-${code}${statusOf(p.id) === code ? " on" : ""}`, "data-status": code,
        onclick: () => mark(p.id, code, note.value) }, label)));
    box.replaceChildren(
      el("h2", {}, p.name || `ID ${p.id.slice(0, 8)}`), el("div", { class: "kana" }, p.kana || ""), dl,
      el("form", { class: "checkform", onsubmit: (e) => e.preventDefault() },
        el("fieldset", {}, el("legend", {}, "安否確認"),
          el("div", {}, `現在: ${STATUS_LABEL[statusOf(p.id)]}${m.time ? `（${m.time.replace("T", " ").slice(0, 16)}）` : ""}`),
          buttons, el("label", {}, "メモ", note),
          el("p", { class: "hint" }, "ボタンを押すと、その時刻で記録されます（このパソコンのブラウザに保存）。"))));
  }
  function select(id) {
    selected = id;
    renderList();
    renderDetail();
    updateLayers();
  }

  // map ----------------------------------------------------------------------------------------
  const TYPED = { float32: Float32Array, uint32: Uint32Array, uint8: Uint8Array };
  function arrays(spec) {
    const out = {};
    for (const [name, buf] of Object.entries(spec.buffers)) out[name] = new TYPED[buf.dtype](bytes(buf.url).buffer);
    return out;
  }
  function perVertex(values, starts, size) {
    const n = starts.length - 1;
    const out = new values.constructor(starts[n] * size);
    for (let i = 0; i < n; i++) {
      for (let v = starts[i]; v < starts[i + 1]; v++) for (let c = 0; c < size; c++) out[v * size + c] = values[i * size + c];
    }
    return out;
  }
  const polygons = DATA.layers.map((spec) => {
    const a = arrays(spec);
    const attributes = { getPolygon: { value: a.positions, size: 2 }, getFillColor: { value: perVertex(a.colors, a.starts, 4), size: 4 } };
    if (a.heights) attributes.getElevation = { value: perVertex(a.heights, a.starts, 1), size: 1 };
    return { spec, data: { length: spec.count, startIndices: a.starts, attributes } };
  });

  function mapLayers() {
    const d = deck;
    const out = polygons.map(({ spec, data }) => new d.SolidPolygonLayer({
      id: spec.id, data, _normalize: false, _windingOrder: "CCW", coordinateSystem: d.COORDINATE_SYSTEM.LNGLAT_OFFSETS,
      coordinateOrigin: [spec.origin[0], spec.origin[1], 0], extruded: spec.kind === "buildings" && mode3d,
      opacity: spec.kind === "buildings" ? 0.95 : 0.45, material: false,
    }));
    const font = { fontFamily: '"IPAexGothic", "Noto Sans CJK JP", sans-serif', characterSet: "auto", fontSettings: { sdf: false } };
    const text = (props) => labels && out.push(new d.TextLayer({ ...props, ...font }));
    text({ id: "hazard-labels", data: DATA.hazard_labels, getPosition: (x) => x.position, getText: (x) => x.text,
      getSize: 13, getColor: [90, 20, 90], background: true, getBackgroundColor: [255, 255, 255, 210] });
    const routes = people.filter((p) => p.route && p.route.length > 1);
    out.push(new d.PathLayer({ id: "routes", data: routes, getPath: (p) => p.route, widthUnits: "pixels",
      getWidth: (p) => (p.id === selected ? 6 : 3), getColor: (p) => (p.id === selected ? [255, 111, 0] : [31, 78, 140, 220]),
      updateTriggers: { getWidth: selected, getColor: selected } }));
    out.push(new d.ScatterplotLayer({ id: "shelters", data: DATA.shelters, getPosition: (s) => [s.lon, s.lat], radiusUnits: "pixels",
      getRadius: 8, getFillColor: [10, 125, 59], stroked: true, getLineColor: [255, 255, 255], lineWidthUnits: "pixels", getLineWidth: 2 }));
    text({ id: "shelter-names", data: DATA.shelters, getPosition: (s) => [s.lon, s.lat], getText: (s) => `避難所 ${s.name}`,
      getSize: 13, getPixelOffset: [0, -16], getColor: [10, 90, 40], background: true, getBackgroundColor: [255, 255, 255, 220] });
    const homes = people.filter((p) => p.home);
    out.push(new d.ScatterplotLayer({ id: "homes", data: homes, pickable: true, getPosition: (p) => p.home, radiusUnits: "pixels",
      getRadius: (p) => (p.id === selected ? 10 : 7), getFillColor: (p) => STATUS_RGB[statusOf(p.id)], stroked: true,
      getLineColor: (p) => (p.id === selected ? [255, 111, 0] : [255, 255, 255]), lineWidthUnits: "pixels", getLineWidth: 2,
      onClick: (info) => info.object && select(info.object.id), updateTriggers: { getRadius: selected, getFillColor: JSON.stringify(marks), getLineColor: selected } }));
    text({ id: "home-names", data: homes, getPosition: (p) => p.home, getText: (p) => p.name || "", getSize: 12,
      getPixelOffset: [0, 14], getColor: [20, 20, 20], background: true, getBackgroundColor: [255, 255, 255, 190] });
    return out;
  }
  function updateLayers() { if (deckgl) deckgl.setProps({ layers: mapLayers() }); }

  function startMap() {
    const canvasOk = (() => { try { return !!document.createElement("canvas").getContext("webgl2"); } catch (e) { return false; } })();
    if (!canvasOk || !window.deck) { $("nowebgl").hidden = false; nz.firstRender = performance.now(); return; }
    const [w, s, e, n] = META.bounds;
    const box = $("map");
    const fit = new deck.WebMercatorViewport({ width: box.clientWidth || 800, height: box.clientHeight || 600 })
      .fitBounds([[w, s], [e, n]], { padding: 24 });
    let readback = null;
    view = { longitude: fit.longitude, latitude: fit.latitude, zoom: fit.zoom, pitch: 0, bearing: 0 };
    deckgl = new deck.Deck({
      parent: box, views: new deck.MapView({ repeat: false }), controller: true,
      initialViewState: view,
      onViewStateChange: ({ viewState }) => { view = viewState; },
      layers: mapLayers(),
      getTooltip: ({ object }) => object && object.id && people.includes(object) ? `${object.name || ""}（${STATUS_LABEL[statusOf(object.id)]}）` : null,
      onAfterRender: ({ gl }) => {
        if (nz.firstRender !== null || !gl) return;
        readback = readback || new Uint8Array(4);
        gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, readback);
        nz.firstRender = performance.now();
        setTimeout(() => { labels = true; updateLayers(); }, 0);
      },
      onError: (err) => { nz.error = String(err); },
    });
  }
  // deck.gl is parsed only after the list has been painted and the page has been read to its end
  // (before that #nz-deck may hold part of the bundle): one animation frame, then a task. It runs
  // as an inline <script> element (the page's CSP allows inline scripts; no eval, no blob: URL).
  function loadDeckThen(next) {
    const run = () => requestAnimationFrame(() => setTimeout(() => {
      const source = $("nz-deck");
      if (source) {
        const script = document.createElement("script");
        script.textContent = source.textContent;
        source.remove();
        document.body.append(script);
      }
      next();
    }, 0));
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run, { once: true });
    else run();
  }

  function toggle3d() {
    mode3d = !mode3d;
    $("toggle3d").textContent = mode3d ? "2D表示にする" : "3D表示にする";
    if (!deckgl) return;
    view = { ...view, pitch: mode3d ? 50 : 0, bearing: mode3d ? -20 : 0 };
    deckgl.setProps({ initialViewState: view, layers: mapLayers() });
  }

  // printing -----------------------------------------------------------------------------------
  function printSheets() {
    const area = $("printArea");
    area.replaceChildren(...people.map((p) => {
      const table = el("table", {}, ...[["氏名", `${p.name || ""}（${p.kana || ""}）`], ...fieldRows(p)].map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", { style: "white-space: pre-line" }, v))));
      return el("section", { class: "sheet" }, META.disaster_mode ? el("div", { class: "mark" }, META.disaster_text) : "",
        el("h2", {}, `個別避難計画（${META.recipient}提供用）`), table,
        el("p", {}, META.no_liability), el("p", { class: "source" }, `作成: ${META.created_wareki}　有効期限: ${META.expires_wareki}　${META.sources.join("　")}`));
    }));
    window.print();
  }
  function printChecklist() {
    const rows = people.map((p) => el("tr", {}, el("td", {}, p.name || p.id.slice(0, 8)), el("td", {}, p.address || ""),
      el("td", { class: "box" }, STATUSES.map(([code, label]) => `${statusOf(p.id) === code ? "■" : "□"}${label}`).join("　")), el("td", {}, ""), el("td", {}, "")));
    const table = el("table", { class: "checklist" }, el("tr", {}, ...["氏名", "住所", "安否", "確認時刻", "メモ"].map((h) => el("th", {}, h))), ...rows);
    $("printArea").replaceChildren(el("section", { class: "sheet" }, META.disaster_mode ? el("div", { class: "mark" }, META.disaster_text) : "",
      el("h2", {}, `安否確認チェックリスト（${META.title}）`), table, el("p", { class: "source" }, `作成: ${META.created_wareki}　${META.sources.join("　")}`)));
    window.print();
  }

  // start --------------------------------------------------------------------------------------
  function start(payload) {
    people = payload.people;
    secret = payload.secret;
    loadMarks();
    $("search").addEventListener("input", (e) => { query = fold(e.target.value); renderList(); });
    $("toggle3d").addEventListener("click", toggle3d);
    $("printSheets").addEventListener("click", printSheets);
    $("printChecklist").addEventListener("click", printChecklist);
    $("saveChecks").addEventListener("click", saveChecks);
    renderList();
    nz.listReady = performance.now();
    loadDeckThen(() => {
      try { startMap(); } catch (err) { nz.error = String(err); $("nowebgl").hidden = false; }
    });
    Object.assign(nz, { ready: true, people: () => people.map((p) => p.id), select, mark, returnFile, toggle3d, layerIds: () => (deckgl ? deckgl.props.layers.map((l) => l.id) : []) });
  }

  frame();
  if (DATA.encrypted) askPassphrase();
  else start(DATA.payload);
})();
