// Nigezero 3D view: draws the layer specs of layers/deck.py with the bundled deck.gl (globalThis.deck).
//
// Python drives the page with small JSON messages, nz.apply({op, seq, ...}); binary arrays are fetched
// from the URLs the specs name (app:// in the desktop app, data: in an offline package). The page
// reports back (webgl, rendered, view, error) by fetching app://nigezero/event/<name>; opened
// from file:// it reports nothing. Without a GPU the whole city is drawn flat and only the tiles in
// view are extruded, within a budget of buildings (see layers/deck.py).
"use strict";
(() => {
  const BOOT = window.NZ_BOOT || {};
  const params = new URLSearchParams(location.search);
  const TYPED = { float32: Float32Array, uint32: Uint32Array, uint8: Uint8Array, int32: Int32Array };
  const VIEW_SETTLE_MS = 250;
  const entries = new Map(); // id -> {spec, arrays, ...derived}
  let order = [];
  let deckgl = null;
  let viewState = BOOT.view || { longitude: 139.69, latitude: 35.69, zoom: 4, pitch: 45, bearing: 0 };
  let waiting = []; // messages whose picture is not yet on screen: [{seq, t0}]
  let viewTimer = null;
  let texts = BOOT.texts || {};
  const pixel = new Uint8Array(4);
  const nz = (window.nz = { applied: 0, frames: 0, loaded: performance.now(), fetched: [] });

  function post(name, data) {
    if (location.protocol !== "app:") return;
    fetch(`app://nigezero/event/${name}?d=${encodeURIComponent(JSON.stringify(data || {}))}`).catch(() => {});
  }

  function webglProblem() {
    if (params.has("nowebgl") || BOOT.forceNoWebgl) return "WebGL disabled on request";
    try {
      const gl = document.createElement("canvas").getContext("webgl2");
      if (!gl) return "WebGL 2 is unavailable (no context)";
    } catch (err) {
      return String(err);
    }
    return null;
  }

  // data ------------------------------------------------------------------------------------
  async function fetchBuffer(buf) {
    nz.fetched.push(buf.url.slice(0, 120));
    const response = await fetch(buf.url);
    if (!response.ok) throw new Error(`${buf.url}: HTTP ${response.status}`);
    const bytes = await response.arrayBuffer();
    if (buf.dtype === "bytes") return createImageBitmap(new Blob([bytes], { type: "image/png" }));
    const Typed = TYPED[buf.dtype];
    if (!Typed) throw new Error(`unknown dtype ${buf.dtype}`);
    return new Typed(bytes);
  }

  async function load(spec) {
    const names = Object.keys(spec.buffers);
    const values = await Promise.all(names.map((n) => fetchBuffer(spec.buffers[n])));
    const arrays = Object.fromEntries(names.map((n, i) => [n, values[i]]));
    const entry = { spec, arrays, colorVersion: 0, extruded: new Set(), tiles: new Map() };
    if (spec.kind === "buildings" || spec.kind === "polygons" || spec.kind === "paths" || spec.kind === "trips") {
      entry.vertexColors = perVertex(arrays.colors, arrays.starts, 4);
    }
    if (spec.kind === "buildings") entry.vertexHeights = perVertex(arrays.heights, arrays.starts, 1);
    return entry;
  }

  // Per-item values (colours, heights) repeated over each item's vertices: deck.gl's binary
  // polygon and path attributes are per vertex.
  function perVertex(values, starts, size) {
    const n = starts.length - 1;
    const out = new values.constructor(starts[n] * size);
    for (let i = 0; i < n; i++) {
      for (let v = starts[i]; v < starts[i + 1]; v++) {
        for (let c = 0; c < size; c++) out[v * size + c] = values[i * size + c];
      }
    }
    return out;
  }

  function polygonData(entry, first, end) {
    const { positions, starts } = entry.arrays;
    const v0 = starts[first];
    const v1 = starts[end];
    const local = first === 0 ? starts.subarray(0, end + 1) : starts.slice(first, end + 1).map((s) => s - v0);
    const attributes = {
      getPolygon: { value: positions.subarray(v0 * 2, v1 * 2), size: 2 },
      getFillColor: { value: entry.vertexColors.subarray(v0 * 4, v1 * 4), size: 4, normalized: true },
    };
    if (entry.vertexHeights) attributes.getElevation = { value: entry.vertexHeights.subarray(v0, v1), size: 1 };
    return { length: end - first, startIndices: local, attributes, range: [v0, v1] };
  }

  function recolor(entry, colors) {
    entry.arrays.colors = colors;
    if (entry.vertexColors) {
      entry.vertexColors = perVertex(colors, entry.arrays.starts, 4);
      for (const data of [entry.flat, ...entry.tiles.values()]) {
        if (data) data.attributes.getFillColor.value = entry.vertexColors.subarray(data.range[0] * 4, data.range[1] * 4);
      }
      if (entry.paths) entry.paths.attributes.getColor.value = entry.vertexColors;
    }
    if (entry.points) entry.points.attributes.getFillColor.value = colors;
    entry.colorVersion += 1;
  }

  // deck layers -----------------------------------------------------------------------------
  // first: the item index of the deck layer's item 0 (a run of extruded building tiles starts
  // part-way through the arrays), so a pick or a highlight speaks of the spec's items.
  function common(entry, suffix, first = 0, end = entry.spec.count) {
    const s = entry.spec;
    const picked = selection && selection.id === s.id ? selection.items[0] : -1;
    return {
      id: s.id + suffix,
      nzFirst: first,
      pickable: true,
      highlightedObjectIndex: picked >= first && picked < end ? picked - first : -1,
      highlightColor: INK,
      visible: s.visible,
      opacity: s.opacity,
      coordinateSystem: deck.COORDINATE_SYSTEM.LNGLAT_OFFSETS,
      coordinateOrigin: [s.origin[0], s.origin[1], 0],
      positionFormat: "XY",
      updateTriggers: { getFillColor: entry.colorVersion, getColor: entry.colorVersion },
    };
  }

  // The extruded tiles as runs of parts [first, end): tiles adjacent in the arrays' order merge
  // into one layer, so a sparse town spread over hundreds of tiles is still a few draw calls.
  function runs(entry) {
    const tiles = entry.spec.tiles;
    const out = [];
    for (const k of [...entry.extruded].sort((a, b) => a - b)) {
      const last = out[out.length - 1];
      if (last && last[1] === tiles[k][0]) last[1] = tiles[k][1];
      else out.push([tiles[k][0], tiles[k][1]]);
    }
    return out;
  }

  const BUILD = {
    buildings(entry) {
      const s = entry.spec;
      entry.flat = entry.flat || polygonData(entry, 0, s.count);
      const out = [
        new deck.SolidPolygonLayer({ ...common(entry, ":flat"), data: entry.flat, extruded: false, _normalize: false, _windingOrder: "CCW" }),
      ];
      const used = new Set();
      for (const [first, end] of runs(entry)) {
        const key = `${first}-${end}`;
        used.add(key);
        if (!entry.tiles.has(key)) entry.tiles.set(key, polygonData(entry, first, end));
        out.push(
          new deck.SolidPolygonLayer({
            ...common(entry, `:parts${key}`, first, end),
            data: entry.tiles.get(key),
            extruded: true,
            _normalize: false,
            _windingOrder: "CCW",
          }),
        );
      }
      for (const key of [...entry.tiles.keys()]) if (!used.has(key)) entry.tiles.delete(key); // only what is drawn
      return out;
    },
    polygons(entry) {
      entry.flat = entry.flat || polygonData(entry, 0, entry.spec.count);
      return [new deck.SolidPolygonLayer({ ...common(entry, ""), data: entry.flat, extruded: false, _normalize: false, _windingOrder: "CCW" })];
    },
    paths(entry) {
      const { positions, starts } = entry.arrays;
      entry.paths = entry.paths || {
        length: entry.spec.count,
        startIndices: starts,
        attributes: { getPath: { value: positions, size: 2 }, getColor: { value: entry.vertexColors, size: 4, normalized: true } },
      };
      return [
        new deck.PathLayer({ ...common(entry, ""), data: entry.paths, _pathType: "open", widthUnits: "pixels", getWidth: entry.spec.width, widthMinPixels: 1 }),
      ];
    },
    points(entry) {
      const s = entry.spec;
      entry.points = entry.points || {
        length: s.count,
        attributes: { getPosition: { value: entry.arrays.positions, size: 2 }, getFillColor: { value: entry.arrays.colors, size: 4, normalized: true } },
      };
      return [
        new deck.ScatterplotLayer({
          ...common(entry, ""),
          data: entry.points,
          radiusUnits: "pixels",
          getRadius: s.radius,
          stroked: Boolean(s.stroke),
          getLineColor: s.stroke || [0, 0, 0, 0],
          lineWidthUnits: "pixels",
          getLineWidth: 1.5,
          billboard: true,
          parameters: { depthCompare: "always" }, // markers stay visible among extruded buildings
        }),
      ];
    },
    bitmap(entry) {
      const s = entry.spec;
      return [new deck.BitmapLayer({ id: s.id, visible: s.visible, opacity: s.opacity, image: entry.arrays.image, bounds: s.bounds })];
    },
    // An XYZ hazard tile set: deck.gl picks the tiles for the camera (over-zooming past the finest
    // level) and asks tileImage for each; drawn flat on the ground, under the buildings.
    tiles(entry) {
      const s = entry.spec;
      entry.getTileData = entry.getTileData || ((tile) => tileImage(entry.spec, tile.index, tile.signal));
      entry.onTileLoad = entry.onTileLoad || ((tile) => { if (tile.content) entry.drawnTiles = (entry.drawnTiles || 0) + 1; });
      return [
        new deck.TileLayer({
          id: `${s.id}:tiles`,
          nzFirst: 0,
          pickable: true,
          visible: s.visible,
          opacity: s.opacity,
          data: s.url,
          minZoom: s.minZoom,
          maxZoom: s.maxZoom,
          tileSize: 256,
          extent: s.bounds,
          getTileData: entry.getTileData,
          onTileLoad: entry.onTileLoad,
          onTileError: () => {}, // a tile that cannot be read is reported by Python (the layer's problems)
          renderSubLayers: tileBitmap,
        }),
      ];
    },
    // An SVGMap hazard tile set: the lon/lat boxes Python listed for the settled camera.
    tileboxes(entry) {
      const s = entry.spec;
      return (entry.boxes || []).map(
        (box) =>
          new deck.BitmapLayer({
            id: `${s.id}:box:${box.url}`,
            nzFirst: 0,
            pickable: true,
            visible: s.visible,
            opacity: s.opacity,
            image: box.image,
            bounds: box.bounds,
            _imageCoordinateSystem: deck.COORDINATE_SYSTEM.LNGLAT,
            textureParameters: RANK_TEXELS,
          }),
      );
    },
  };

  // hazard tiles ------------------------------------------------------------------------------
  // Ranks are classes, not a gradient: enlarged tiles keep sharp, exact colours.
  const RANK_TEXELS = { minFilter: "linear", magFilter: "nearest" };

  // An image from app:// (null when the set lacks it or it cannot be read: Python reports that).
  async function fetchImage(url, signal) {
    try {
      const response = await fetch(url, { signal });
      return response.ok ? await createImageBitmap(await response.blob()) : null;
    } catch (err) {
      return null;
    }
  }

  // The image of XYZ tile {x, y, z}: its own file, or, for a level the set lacks, the part of the
  // nearest coarser level's tile that covers it, enlarged.
  async function tileImage(spec, { x, y, z }, signal) {
    let level = z;
    while (level >= spec.minZoom && !spec.levels.includes(level)) level -= 1;
    if (level < spec.minZoom) return null;
    const k = z - level;
    const url = spec.url.replace("{z}", level).replace("{x}", x >> k).replace("{y}", y >> k);
    const image = await fetchImage(url, signal);
    if (!image || !k) return image;
    const part = image.width >> k;
    const options = { resizeWidth: image.width, resizeHeight: image.height, resizeQuality: "pixelated" };
    return createImageBitmap(image, (x - ((x >> k) << k)) * part, (y - ((y >> k) << k)) * part, part, part, options);
  }

  function tileBitmap(props) {
    if (!props.data) return null;
    const [[west, south], [east, north]] = props.tile.boundingBox;
    return new deck.BitmapLayer(props, { data: null, image: props.data, bounds: [west, south, east, north], textureParameters: RANK_TEXELS });
  }

  // drill -------------------------------------------------------------------------------------
  // A drill's trips (a TripsLayer trail behind each moving person, their route faint, a marker
  // where each person is) and its flood areas, shown once flooded. Python moves the time
  // (drillTime); the arrays stay.
  let drill = null; // {trips, floods, t}
  const FLOOD_LIFT = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1]; // 1 m up

  function drillBase(entry, suffix) {
    return {
      id: `drill:${suffix}`,
      coordinateSystem: deck.COORDINATE_SYSTEM.LNGLAT_OFFSETS,
      coordinateOrigin: [entry.spec.origin[0], entry.spec.origin[1], 0],
      positionFormat: "XY",
      parameters: { depthCompare: "always" }, // over extruded buildings, as the markers are
    };
  }

  // Where each person is at t: on their last vertex reached, or between it and the next in
  // proportion to the time (before their first vertex's time they wait at home).
  function heads(entry, t) {
    const { positions, starts, timestamps } = entry.arrays;
    const n = entry.spec.count;
    const out = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      const last = starts[i + 1] - 1;
      let v = starts[i];
      while (v < last && timestamps[v + 1] <= t) v++;
      let x = positions[v * 2];
      let y = positions[v * 2 + 1];
      const span = v < last ? timestamps[v + 1] - timestamps[v] : 0;
      if (span > 0 && t > timestamps[v]) {
        const f = (t - timestamps[v]) / span;
        x += f * (positions[v * 2 + 2] - x);
        y += f * (positions[v * 2 + 3] - y);
      }
      out[i * 2] = x;
      out[i * 2 + 1] = y;
    }
    return out;
  }

  // How many flood triangles (sorted by flood time) have flooded by t.
  function flooded(times, t) {
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function setDrillTime(t) {
    drill.t = t;
    const { trips, floods } = drill;
    trips.heads = {
      length: trips.spec.count,
      attributes: {
        getPosition: { value: heads(trips, t), size: 2 },
        getFillColor: { value: trips.arrays.colors, size: 4, normalized: true },
      },
    };
    const k = flooded(floods.arrays.floodTimes, t);
    if (floods.shownCount !== k) {
      const { positions, starts } = floods.arrays;
      floods.shownCount = k;
      floods.shown = { length: k, startIndices: starts.subarray(0, k + 1), attributes: { getPolygon: { value: positions.subarray(0, starts[k] * 2), size: 2 } } };
    }
  }

  async function loadDrill(msg) {
    const [trips, floods] = await Promise.all([load(msg.trips), load(msg.floods)]);
    const { positions, starts, timestamps } = trips.arrays;
    const path = { getPath: { value: positions, size: 2 }, getColor: { value: trips.vertexColors, size: 4, normalized: true } };
    trips.routes = { length: trips.spec.count, startIndices: starts, attributes: path };
    trips.trails = { length: trips.spec.count, startIndices: starts, attributes: { ...path, getTimestamps: { value: timestamps, size: 1 } } };
    return { trips, floods, t: msg.t };
  }

  function drillLayers() {
    if (!drill) return [];
    const { trips, floods, t } = drill;
    const path = { _pathType: "open", widthUnits: "pixels", capRounded: true, jointRounded: true };
    return [
      new deck.SolidPolygonLayer({
        ...drillBase(floods, "floods"),
        parameters: { depthWriteEnabled: false },
        modelMatrix: FLOOD_LIFT, // above the draped hazard map (no z-fighting); buildings stand out of it
        data: floods.shown,
        extruded: false,
        _normalize: false,
        _windingOrder: "CCW",
        getFillColor: floods.spec.color,
      }),
      new deck.PathLayer({ ...drillBase(trips, "routes"), ...path, data: trips.routes, getWidth: 2, opacity: 0.3 }),
      new deck.TripsLayer({ ...drillBase(trips, "trails"), ...path, data: trips.trails, getWidth: 8, currentTime: t, trailLength: trips.spec.trailS }),
      new deck.ScatterplotLayer({
        ...drillBase(trips, "heads"),
        data: trips.heads,
        radiusUnits: "pixels",
        getRadius: 6,
        stroked: true,
        getLineColor: [255, 255, 255, 255],
        lineWidthUnits: "pixels",
        getLineWidth: 2,
        billboard: true,
      }),
    ];
  }

  // identify ----------------------------------------------------------------------------------
  // A click (or Enter: the centre) reports the spec and item picked, and the ground point, to
  // Python, which finds what is there (layers/identify.py) and sends back the selection to show:
  // the picked item tinted, the feature outlined (white halo, cyan line) or a ring round a point.
  let selection = null; // {id, items, rings, point}
  const INK = [0, 170, 255, 255];
  const HALO = [255, 255, 255, 230];

  function onClick(info) {
    const layer = info.layer && !info.layer.id.startsWith("drill:") ? info.layer : null;
    const id = layer ? layer.id.split(":")[0] : null;
    post("pick", { id, index: layer && info.index >= 0 ? info.index + layer.props.nzFirst : null, coordinate: info.coordinate || null, zoom: viewState.zoom });
  }

  nz.pickAt = (x, y) => {
    const { width, height } = size();
    const px = x === undefined ? width / 2 : x;
    const py = y === undefined ? height / 2 : y;
    const info = deckgl.pickObject({ x: px, y: py, radius: 4 }) || { coordinate: null };
    if (!info.coordinate) info.coordinate = new deck.WebMercatorViewport({ ...viewState, width, height }).unproject([px, py]);
    onClick(info);
  };

  function selectionLayers() {
    if (!selection) return [];
    const base = { pickable: false, parameters: { depthCompare: "always" } };
    const out = [];
    if (selection.rings && selection.rings.length) {
      const data = selection.rings.map((path) => ({ path }));
      for (const [suffix, color, width] of [["halo", HALO, 6], ["ink", INK, 3]]) {
        out.push(new deck.PathLayer({ ...base, id: `selection:${suffix}`, data, getPath: (d) => d.path, getColor: color, getWidth: width, widthUnits: "pixels", jointRounded: true }));
      }
    }
    if (selection.point) {
      for (const [suffix, color, width] of [["halo-point", HALO, 6], ["ink-point", INK, 3]]) {
        out.push(
          new deck.ScatterplotLayer({
            ...base,
            id: `selection:${suffix}`,
            data: [selection.point],
            getPosition: (d) => d,
            radiusUnits: "pixels",
            getRadius: selection.radius,
            filled: false,
            stroked: true,
            getLineColor: color,
            lineWidthUnits: "pixels",
            getLineWidth: width,
            billboard: true,
          }),
        );
      }
    }
    return out;
  }

  function rebuild() {
    const layers = [...order.flatMap((id) => BUILD[entries.get(id).spec.kind](entries.get(id))), ...drillLayers(), ...selectionLayers()];
    deckgl.setProps({ layers });
    updateStatus();
  }

  // Which building tiles to extrude: every tile in view when together they fit the budget of
  // buildings; else, zoomed in, the tiles nearest the centre while the budget lasts (a tilted
  // view reaches the horizon); else none (zoomed out, the whole city is flat).
  function chooseExtruded() {
    if (!deckgl) return false;
    const viewport = new deck.WebMercatorViewport({ ...viewState, ...size() });
    const [west, south, east, north] = viewport.getBounds();
    const distance = (t) => ((t[2] + t[4]) / 2 - viewport.longitude) ** 2 + ((t[3] + t[5]) / 2 - viewport.latitude) ** 2;
    let changed = false;
    for (const entry of entries.values()) {
      const s = entry.spec;
      if (s.kind !== "buildings") continue;
      const inView = s.visible ? s.tiles.flatMap((t, k) => (t[2] <= east && t[4] >= west && t[3] <= north && t[5] >= south ? [k] : [])) : [];
      const size = (k) => s.tiles[k][1] - s.tiles[k][0];
      let chosen = inView;
      if (inView.reduce((n, k) => n + size(k), 0) > s.extrudeBudget) {
        chosen = [];
        if (viewport.zoom >= s.extrudeNearZoom) {
          let budget = s.extrudeBudget;
          for (const k of inView.sort((a, b) => distance(s.tiles[a]) - distance(s.tiles[b]))) {
            if (size(k) > budget) break;
            budget -= size(k);
            chosen.push(k);
          }
        }
      }
      const next = new Set(chosen);
      if (next.size !== entry.extruded.size || chosen.some((k) => !entry.extruded.has(k))) {
        entry.extruded = next;
        changed = true;
      }
    }
    return changed;
  }

  // The map's size in CSS pixels (deck.gl creates its canvas only when the device is ready).
  function size() {
    const map = document.getElementById("map");
    return { width: map.clientWidth || 800, height: map.clientHeight || 600 };
  }

  // The camera showing lon/lat bounds [w, s, e, n] whole, keeping the tilt and bearing.
  function fitted(bounds) {
    const { width, height } = size();
    const padding = Math.floor(Math.min(20, width / 8, height / 8));
    const flat = new deck.WebMercatorViewport({ width, height });
    const { longitude, latitude, zoom } = flat.fitBounds([bounds.slice(0, 2), bounds.slice(2, 4)], { padding });
    return { longitude, latitude, zoom };
  }

  function extrudedCount() {
    let n = 0;
    for (const e of entries.values()) for (const k of e.extruded) n += e.spec.tiles[k][1] - e.spec.tiles[k][0];
    return n;
  }

  function updateStatus() {
    const n = extrudedCount();
    const hasBuildings = [...entries.values()].some((e) => e.spec.kind === "buildings" && e.spec.visible);
    const template = n ? texts.extruded : texts.flat;
    document.getElementById("status").textContent = hasBuildings && template ? template.replace("{n}", n.toLocaleString()) : "";
  }

  // messages from Python ----------------------------------------------------------------------
  let latestLayers = 0;
  let latestDrill = 0;
  const OPS = {
    async layers(msg) {
      const seq = (latestLayers = msg.seq);
      const loaded = await Promise.all(
        msg.layers.map(async (spec) => {
          const old = entries.get(spec.id);
          if (old && old.spec.version === spec.version) return [spec, old];
          return [spec, await load(spec)];
        }),
      );
      if (seq !== latestLayers) return false; // a newer list arrived while this one loaded
      entries.clear();
      for (const [spec, entry] of loaded) {
        entry.spec = { ...spec, buffers: undefined };
        entries.set(spec.id, entry);
      }
      order = msg.layers.map((s) => s.id);
      if (loaded.some(([spec, entry]) => spec.kind === "tileboxes" && !entry.boxes)) reportView(); // Python answers with their tiles
      document.getElementById("attribution").textContent = (msg.attributions || []).join("\n");
      chooseExtruded();
      return true;
    },
    props(msg) {
      const entry = entries.get(msg.id);
      if (!entry) return false;
      for (const key of ["visible", "opacity"]) if (key in msg) entry.spec[key] = msg[key];
      chooseExtruded();
      return true;
    },
    // The SVGMap tiles to drape for the camera: those still shown are kept, the others fetched.
    async tileboxes(msg) {
      const entry = entries.get(msg.id);
      if (!entry) return false;
      const seq = (entry.boxSeq = msg.seq);
      const known = entry.images || new Map();
      const images = new Map(msg.tiles.map((box) => [box.url, known.get(box.url) || fetchImage(box.url)]));
      const shown = await Promise.all(msg.tiles.map(async (box) => ({ ...box, image: await images.get(box.url) })));
      if (seq !== entry.boxSeq) return false; // a newer camera's list arrived meanwhile
      entry.images = images;
      entry.boxes = shown.filter((box) => box.image);
      return true;
    },
    async colors(msg) {
      const entry = entries.get(msg.id);
      if (!entry) return false;
      recolor(entry, await fetchBuffer(msg.colors));
      return true;
    },
    view(msg) {
      const { bounds, ...view } = msg.fit ? fitted(msg.fit) : msg.view; // bounds: reported by the page, not a camera setting
      viewState = { ...viewState, ...view };
      deckgl.setProps({ initialViewState: { ...viewState } });
      chooseExtruded();
      reportView();
      return true;
    },
    async drill(msg) {
      const seq = (latestDrill = msg.seq);
      const next = msg.trips ? await loadDrill(msg) : null;
      if (seq !== latestDrill) return false; // a newer drill arrived while this one loaded
      drill = next;
      if (drill) setDrillTime(msg.t);
      return true;
    },
    select(msg) {
      selection = msg.selection;
      return true;
    },
    drillTime(msg) {
      if (!drill) return false;
      setDrillTime(msg.t);
      return true;
    },
    texts(msg) {
      texts = msg.texts;
      updateStatus();
      return false;
    },
  };

  nz.apply = async (msg) => {
    const t0 = performance.now();
    try {
      nz.applied += 1;
      if (await OPS[msg.op](msg)) {
        waiting.push({ seq: msg.seq, op: msg.op, t0 });
        rebuild();
        deckgl.redraw("nz");
      }
    } catch (err) {
      post("error", { op: msg.op, seq: msg.seq, message: String(err && err.stack ? err.stack : err) });
    }
  };

  nz.state = () => ({
    applied: nz.applied,
    frames: nz.frames,
    loaded: nz.loaded,
    viewState,
    layers: order.map((id) => {
      const entry = entries.get(id);
      const { kind, visible, opacity, version } = entry.spec;
      const tiles = kind === "tiles" ? entry.drawnTiles || 0 : kind === "tileboxes" ? (entry.boxes || []).length : undefined;
      return { id, kind, visible, opacity, version, tiles };
    }),
    extruded: extrudedCount(),
    selection,
    drill: drill && {
      t: drill.t,
      trips: drill.trips.spec.count,
      floodsShown: drill.floods.shownCount,
      floods: drill.floods.spec.count,
      heads: Array.from(drill.trips.heads.attributes.getPosition.value, (v, i) => v + drill.trips.spec.origin[i % 2]),
    },
  });

  // start -------------------------------------------------------------------------------------
  function afterRender() {
    // onAfterRender fires before a software rasteriser finishes: reading one pixel waits for it.
    const gl = deckgl.canvas.getContext("webgl2");
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
    nz.frames += 1;
    if (!waiting.length) return;
    const now = performance.now();
    for (const w of waiting) post("rendered", { seq: w.seq, op: w.op, ms: now - w.t0, extruded: extrudedCount(), frames: nz.frames });
    waiting = [];
  }

  // The camera, and the ground it shows as lon/lat [w, s, e, n] (for the SVGMap tiles to drape).
  function reportView() {
    const { longitude, latitude, zoom, pitch, bearing } = viewState;
    const bounds = new deck.WebMercatorViewport({ longitude, latitude, zoom, pitch, bearing, ...size() }).getBounds();
    post("view", { longitude, latitude, zoom, pitch, bearing, bounds });
  }

  // The user moved the camera: once the gesture pauses, report it and re-choose the extruded tiles.
  function onViewStateChange({ viewState: next }) {
    viewState = next;
    clearTimeout(viewTimer);
    viewTimer = setTimeout(() => {
      reportView();
      if (chooseExtruded()) rebuild();
    }, VIEW_SETTLE_MS);
    return next;
  }

  function start() {
    const problem = webglProblem();
    if (problem) {
      const box = document.getElementById("nowebgl");
      box.hidden = false;
      box.querySelector(".reason").textContent = problem;
      post("webgl", { ok: false, reason: problem });
      return;
    }
    deckgl = new deck.Deck({
      parent: document.getElementById("map"),
      initialViewState: viewState,
      controller: true,
      layers: [],
      onViewStateChange,
      onClick,
      onAfterRender: afterRender,
      onError: (err) => post("error", { message: String(err) }),
    });
    nz.deck = deckgl;
    post("webgl", { ok: true, deck: deck.VERSION || "" });
    if (BOOT.layers) nz.apply({ op: "layers", seq: 0, layers: BOOT.layers, attributions: BOOT.attributions || [] });
  }

  window.addEventListener("error", (event) => post("error", { message: String(event.message) }));
  window.addEventListener("keydown", (event) => {
    if (event.key === "Escape") post("escape", {});
    else if (event.key === "Enter" && deckgl) nz.pickAt();
  });
  start();
})();
