/*
 * The navigator's page in the browser: the diagram drawn at its scale, the viewport reported to the
 * server, the zoom and "Whole navigator" buttons, the keyboard, and the phone drawer.
 *
 * 1. Scale. The server lays the diagram out for the canvas width (reflowed, docs/web.md): such a
 *    figure carries its scale (layout.meta.k, CSS px per point) and a fixed size, and the canvas
 *    scrolls. "Whole navigator" is the poster fitted to the canvas instead, to zoom and pan; its text
 *    is sized to the zoom (plotly sizes text in pixels; the Scene in points) and text under MIN_PX is
 *    not drawn. Opening the details panel or resizing the window never changes the scale: reflowed,
 *    the server lays the diagram out again at the same text size; whole, the view keeps its zoom and
 *    centre.
 * 2. Large catalogs (over CULL_POINTS points): only what is near the view (scrolled or panned) is
 *    handed to plotly, and areas too small to see are left out.
 * 3. The `viewport` store (viewport.py): the canvas and window widths, the text zoom step and the
 *    toggle, written with Dash's set_props when they change.
 * 4. Keyboard: Enter in the search box applies it at once; Escape closes the drawer, then the
 *    details panel, and focus returns to where it came from (the diagram, "Show details of", a
 *    search result); a panel opened from the keyboard takes the focus; skip links.
 *
 * No eval, no inline script: it runs under the app's Content-Security-Policy.
 */
(function () {
    "use strict";

    var MIN_PX = 3.2; // smaller text is unreadable: skip drawing it
    var MIN_AREA_PX = 1.5; // areas smaller than this on screen are hardly visible: skip them when culling
    var MIN_STROKE_PX = 0.35; // strokes thinner than this on screen are invisible: skip them when culling
    var ROW_HEIGHT_PT = 12; // a control row's height in the Scene, about
    var ROW_PX = 4; // when culling, rows shorter than this on screen get no hover point (their card keeps one)
    var SETTLE_MS = 150; // wait for a burst of zoom steps (or scrolling) to end before preparing the view again
    var HOVER_PT = 100; // points: a little over half a card, as hover points sit on a card's centre line (figure.py)
    var CULL_POINTS = 40000; // figures with more points than this are culled to the view
    var MARGIN = 0.5; // the prepared region is the view grown by this share of its size on every side
    var REPORT_MS = 120; // a resize reports the new width once it settles
    var ZOOM_STEPS = 10; // viewport.py ZOOMS
    var DEFAULT_ZOOM = 3;
    var WHOLE_STEP = 1.25; // the whole navigator's + and - buttons

    var source = null; // the last figure from the server, whole
    var prepared = null; // {region: [x0, x1, y0, y1], k: pixels per point, culled: bool}
    var viewport = {width: 0, window: 0, zoom: DEFAULT_ZOOM, whole: false};
    var whole = null; // the whole navigator's view: {cx, cy, k}, kept through resizes
    var opener = null; // where focus returns when the details panel closes
    var focusPanel = false; // the keyboard opened the panel: focus its heading when it shows
    var returnFocus = false; // the panel is being closed: focus the opener when it has
    var drawnKey = null;

    function byId(id) {
        return document.getElementById(id);
    }

    function graphDiv() {
        return document.querySelector("#diagram .js-plotly-plot");
    }

    function setProps(id, props) {
        if (window.dash_clientside && window.dash_clientside.set_props) {
            window.dash_clientside.set_props(id, props);
        }
    }

    function reflowed(fig) {
        return !!(fig && fig.layout && fig.layout.meta && fig.layout.meta.k > 0);
    }

    // ---- 1, 2: the figure at its scale --------------------------------------------------------------

    function drawnView(gd) {
        var full = gd && gd._fullLayout;
        var xa = full && full.xaxis;
        var ya = full && full.yaxis;
        if (!xa || !ya || !xa.range || !ya.range || !(xa._length > 0)) {
            return null;
        }
        var span = Math.abs(xa.range[1] - xa.range[0]);
        if (!(span > 0)) {
            return null;
        }
        return {
            x0: Math.min(xa.range[0], xa.range[1]), x1: Math.max(xa.range[0], xa.range[1]),
            y0: Math.min(ya.range[0], ya.range[1]), y1: Math.max(ya.range[0], ya.range[1]),
            k: xa._length / span,
            ranges: {x: xa.range.slice(), y: ya.range.slice()}
        };
    }

    function scrolledView(meta) {
        // A reflowed figure: all of its width, and the part of its height scrolled into the canvas.
        var canvas = byId("canvas");
        var k = meta.k;
        var top = canvas ? canvas.scrollTop : 0;
        var height = canvas ? canvas.clientHeight : meta.height * k;
        return {x0: 0, x1: meta.width, y0: top / k, y1: (top + height) / k, k: k};
    }

    function fittedView(meta) {
        // What plotly will show for a new whole-navigator drawing: the page in the canvas, aspect kept.
        var box = byId("diagram");
        var w = box ? box.clientWidth : 0;
        var h = box ? box.clientHeight : 0;
        var width = (meta && meta.width) || 1;
        var height = (meta && meta.height) || 1;
        var k = w && h ? Math.min(w / width, h / height) : 1;
        return {x0: 0, x1: width, y0: 0, y1: height, k: k};
    }

    function isText(trace) {
        return trace && trace.mode === "text" && trace.meta && trace.meta.size;
    }

    function isArea(trace) {
        return trace && trace.mode === "none" && trace.fill === "toself";
    }

    function countPoints(fig) {
        return fig.data.reduce(function (n, t) { return n + (t.x ? t.x.length : 0); }, 0);
    }

    function grownRegion(v) {
        var mx = (v.x1 - v.x0) * MARGIN;
        var my = (v.y1 - v.y0) * MARGIN;
        return [v.x0 - mx, v.x1 + mx, v.y0 - my, v.y1 + my];
    }

    function inside(x, y, r) {
        return x >= r[0] && x <= r[1] && y >= r[2] && y <= r[3];
    }

    function cullPoints(trace, r, keys, keep) {
        var out = {x: [], y: []};
        keys.forEach(function (key) { out[key] = []; });
        for (var i = 0; i < trace.x.length; i++) {
            if (inside(trace.x[i], trace.y[i], r) && (!keep || keep(i))) {
                out.x.push(trace.x[i]);
                out.y.push(trace.y[i]);
                keys.forEach(function (key) { out[key].push(trace[key][i]); });
            }
        }
        return out;
    }

    function cullAreas(trace, r, k) {
        // Polygons are separated by null; keep those that touch the region and can be seen.
        if (trace.meta && trace.meta.width && trace.meta.width * k < MIN_STROKE_PX) {
            return {x: [], y: []};
        }
        var xs = [], ys = [], start = 0, n = trace.x.length;
        for (var i = 0; i <= n; i++) {
            if (i < n && trace.x[i] !== null) {
                continue;
            }
            var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
            for (var j = start; j < i; j++) {
                var x = trace.x[j], y = trace.y[j];
                if (x < x0) { x0 = x; }
                if (x > x1) { x1 = x; }
                if (y < y0) { y0 = y; }
                if (y > y1) { y1 = y; }
            }
            var seen = Math.max(x1 - x0, y1 - y0) * k >= MIN_AREA_PX;
            if (i > start && seen && x1 >= r[0] && x0 <= r[1] && y1 >= r[2] && y0 <= r[3]) {
                for (j = start; j <= Math.min(i, n - 1); j++) {
                    xs.push(trace.x[j]);
                    ys.push(trace.y[j]);
                }
                if (i === n) {
                    xs.push(null);
                    ys.push(null);
                }
            }
            start = i + 1;
        }
        return {x: xs, y: ys};
    }

    function prepare(fig, v) {
        var cull = countPoints(fig) > CULL_POINTS;
        var r = grownRegion(v);
        var data = fig.data.map(function (trace) {
            if (isText(trace)) {
                var px = trace.meta.size * v.k;
                var shown = px >= MIN_PX;
                var extra = {textfont: Object.assign({}, trace.textfont, {size: Math.max(px, 1)}), visible: shown};
                if (cull) {
                    Object.assign(extra, shown ? cullPoints(trace, r, ["text"]) : {x: [], y: [], text: []});
                }
                return Object.assign({}, trace, extra);
            }
            if (!cull) {
                return trace;
            }
            if (isArea(trace)) {
                return Object.assign({}, trace, cullAreas(trace, r, v.k));
            }
            if (trace.name === "items") {
                var kept = cullPoints(trace, r, ["customdata", "hovertext"]);
                if (ROW_HEIGHT_PT * v.k < ROW_PX) {
                    kept = cullPoints(kept, [-Infinity, Infinity, -Infinity, Infinity], ["customdata", "hovertext"], function (i) {
                        return kept.customdata[i].indexOf("card:") === 0;
                    });
                }
                return Object.assign({}, trace, kept);
            }
            return trace;
        });
        prepared = {region: r, k: v.k, culled: cull, key: fig.layout.uirevision};
        var layout = Object.assign({}, fig.layout, {hoverdistance: Math.max(10, Math.round(HOVER_PT * v.k))});
        if (v.ranges) {
            // The view the user has zoomed to stays as it is (uirevision alone does not keep it
            // when the figure comes back through dcc.Graph).
            layout.xaxis = Object.assign({}, fig.layout.xaxis, {range: v.ranges.x});
            layout.yaxis = Object.assign({}, fig.layout.yaxis, {range: v.ranges.y});
        }
        return {data: data, layout: layout};
    }

    function textChanged(k) {
        // Whether any text would change size (by over 3 %) or appear or disappear at zoom k.
        return source.data.some(function (trace) {
            if (!isText(trace)) {
                return false;
            }
            var before = trace.meta.size * prepared.k;
            var after = trace.meta.size * k;
            if ((before >= MIN_PX) !== (after >= MIN_PX)) {
                return true;
            }
            return after >= MIN_PX && Math.abs(Math.log(after / before)) > Math.log(1.03);
        });
    }

    function stale(v) {
        if (!prepared || !source || prepared.key !== source.layout.uirevision) {
            return false;
        }
        var r = prepared.region;
        var left = prepared.culled && !(v.x0 >= r[0] && v.x1 <= r[1] && v.y0 >= r[2] && v.y1 <= r[3]);
        var detail = prepared.culled && (Math.abs(Math.log(v.k / prepared.k)) > Math.log(2) || (ROW_HEIGHT_PT * v.k < ROW_PX) !== (ROW_HEIGHT_PT * prepared.k < ROW_PX));
        return left || detail || textChanged(v.k);
    }

    var timer = null;

    function currentView(gd) {
        return reflowed(source) ? scrolledView(source.layout.meta) : drawnView(gd);
    }

    function fit(gd) {
        if (!source) {
            return;
        }
        var v = currentView(gd);
        if (!v || !stale(v) || !gd.layout || gd.layout.uirevision !== source.layout.uirevision) {
            return;
        }
        // Through Dash, so that the graph's figure stays the one drawn (dcc.Graph redraws its figure
        // after a zoom).
        setProps("diagram", {figure: prepare(source, v)});
    }

    function later(gd) {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () { fit(gd); }, SETTLE_MS);
    }

    function remember(gd) {
        // The whole navigator's zoom and centre, so that a resize keeps them.
        if (!source || reflowed(source)) {
            return;
        }
        var v = drawnView(gd);
        if (v) {
            whole = {cx: (v.x0 + v.x1) / 2, cy: (v.y0 + v.y1) / 2, k: v.k, key: source.layout.uirevision};
        }
    }

    function afterDraw(gd) {
        var canvas = byId("canvas");
        if (canvas && gd.data && gd.data.length) {
            canvas.classList.remove("loading");
            canvas.classList.remove("busy");
        }
        var key = source && source.layout.uirevision;
        if (key && key !== drawnKey) {
            drawnKey = key;
            showSelected(gd);
        }
    }

    function hook(tries) {
        var gd = graphDiv();
        if (gd && gd.on && window.Plotly) {
            if (!gd.__navigatorFit) {
                gd.__navigatorFit = true;
                var settle = function () { later(gd); };
                gd.on("plotly_afterplot", function () { afterDraw(gd); settle(); });
                gd.on("plotly_relayout", function () { remember(gd); settle(); });
                gd.on("plotly_hover", function () { byId("canvas").classList.add("hovering"); });
                gd.on("plotly_unhover", function () { byId("canvas").classList.remove("hovering"); });
                gd.on("plotly_click", function () { opener = byId("canvas"); });
            }
            return;
        }
        if (tries > 0) {
            window.setTimeout(function () { hook(tries - 1); }, 100);
        }
    }

    function primaryBox(gd) {
        var t = (gd.data || []).find(function (tr) { return tr.name === "primary-outline"; });
        if (!t || !t.y || !t.y.length) {
            return null;
        }
        var ys = t.y.filter(function (y) { return y !== null; });
        return ys.length ? {y0: Math.min.apply(null, ys), y1: Math.max.apply(null, ys)} : null;
    }

    function showSelected(gd) {
        // After a relayout, the selected item is scrolled into view if the new layout moved it away.
        var canvas = byId("canvas");
        if (!canvas || !reflowed(source)) {
            return;
        }
        var box = primaryBox(gd);
        if (!box) {
            return;
        }
        var k = source.layout.meta.k;
        var top = box.y0 * k, bottom = box.y1 * k;
        if (top < canvas.scrollTop || bottom > canvas.scrollTop + canvas.clientHeight) {
            canvas.scrollTop = Math.max(0, top - 48);
        }
    }

    function scale(fig) {
        if (!fig || !fig.data || !fig.layout) {
            return window.dash_clientside.no_update;
        }
        source = fig;
        var gd = graphDiv();
        var canvas = byId("canvas");
        var flowing = reflowed(fig);
        if (canvas) {
            canvas.classList.toggle("reflow", flowing);
            canvas.classList.toggle("whole", !flowing);
            canvas.classList.remove("busy");
        }
        hook(50);
        if (flowing) {
            return prepare(fig, scrolledView(fig.layout.meta));
        }
        var same = gd && gd.layout && gd.layout.uirevision === fig.layout.uirevision;
        return prepare(fig, (same && drawnView(gd)) || fittedView(fig.layout.meta));
    }

    // ---- 3: the viewport --------------------------------------------------------------------------

    var reportTimer = null;
    var reported = null;

    function stored(name, fallback) {
        try {
            var value = window.sessionStorage.getItem("navigator." + name);
            return value === null ? fallback : JSON.parse(value);
        } catch (e) {
            return fallback;
        }
    }

    function store(name, value) {
        try {
            window.sessionStorage.setItem("navigator." + name, JSON.stringify(value));
        } catch (e) {
            // private browsing: the choice lasts for this page only
        }
    }

    function measure() {
        var canvas = byId("canvas");
        viewport.width = canvas ? Math.floor(canvas.clientWidth) : 0;
        viewport.window = Math.floor(window.innerWidth);
    }

    function report(now) {
        window.clearTimeout(reportTimer);
        var send = function () {
            measure();
            if (!viewport.width) {
                return;
            }
            var text = JSON.stringify(viewport);
            if (text === reported) {
                return;
            }
            var widthOnly = reported && JSON.parse(reported).width !== viewport.width;
            reported = text;
            var canvas = byId("canvas");
            if (canvas && source && reflowed(source) && widthOnly && !viewport.whole) {
                canvas.classList.add("busy");
            }
            setProps("viewport", {data: Object.assign({}, viewport)});
            updateTools();
        };
        if (now) {
            send();
        } else {
            reportTimer = window.setTimeout(send, REPORT_MS);
        }
    }

    function keepWhole() {
        // The whole navigator after a resize: same zoom, same centre (plotly would fit it anew).
        var gd = graphDiv();
        if (!gd || !source || reflowed(source) || !whole || whole.key !== source.layout.uirevision || !window.Plotly) {
            return;
        }
        var xa = gd._fullLayout && gd._fullLayout.xaxis;
        var ya = gd._fullLayout && gd._fullLayout.yaxis;
        if (!xa || !ya || !(xa._length > 0)) {
            return;
        }
        var hw = xa._length / whole.k / 2, hh = ya._length / whole.k / 2;
        window.Plotly.relayout(gd, {
            "xaxis.range": [whole.cx - hw, whole.cx + hw],
            "yaxis.range": [whole.cy + hh, whole.cy - hh]
        });
    }

    function watchSize(tries) {
        var canvas = byId("canvas");
        if (!canvas) {
            if (tries > 0) {
                window.setTimeout(function () { watchSize(tries - 1); }, 50);
            }
            return;
        }
        viewport.zoom = stored("zoom", DEFAULT_ZOOM);
        viewport.whole = stored("whole", false) === true;
        report(true);
        if (window.ResizeObserver) {
            var pending = null;
            new window.ResizeObserver(function () {
                report(false);
                window.clearTimeout(pending);
                pending = window.setTimeout(keepWhole, REPORT_MS);
            }).observe(canvas);
        } else {
            window.addEventListener("resize", function () { report(false); });
        }
        canvas.addEventListener("scroll", function () {
            var gd = graphDiv();
            if (gd && source && reflowed(source)) {
                later(gd);
            }
        }, {passive: true});
        // Reflowed, the wheel scrolls the page: it never reaches plotly, which would zoom.
        canvas.addEventListener("wheel", function (e) {
            if (source && reflowed(source)) {
                e.stopPropagation();
            }
        }, {capture: true, passive: true});
        updateTools();
    }

    // ---- the toolbar --------------------------------------------------------------------------------

    function updateTools() {
        var flowing = !viewport.whole;
        var out = byId("zoom-out"), zin = byId("zoom-in"), fitButton = byId("zoom-reset"), toggle = byId("overview");
        if (out) {
            out.disabled = flowing && viewport.zoom <= 0;
            out.title = flowing ? "Smaller text (the diagram reflows)" : "Zoom out";
            out.setAttribute("aria-label", flowing ? "Smaller text" : "Zoom out");
        }
        if (zin) {
            zin.disabled = flowing && viewport.zoom >= ZOOM_STEPS - 1;
            zin.title = flowing ? "Larger text (the diagram reflows)" : "Zoom in";
            zin.setAttribute("aria-label", flowing ? "Larger text" : "Zoom in");
        }
        if (fitButton) {
            fitButton.disabled = flowing && viewport.zoom === DEFAULT_ZOOM;
        }
        if (toggle) {
            toggle.setAttribute("aria-pressed", viewport.whole ? "true" : "false");
        }
    }

    function zoomWhole(factor) {
        var gd = graphDiv();
        var v = drawnView(gd);
        if (!v || !window.Plotly) {
            return;
        }
        var cx = (v.x0 + v.x1) / 2, cy = (v.y0 + v.y1) / 2;
        var hw = (v.x1 - v.x0) / 2 / factor, hh = (v.y1 - v.y0) / 2 / factor;
        window.Plotly.relayout(gd, {"xaxis.range": [cx - hw, cx + hw], "yaxis.range": [cy + hh, cy - hh]});
    }

    function fitWhole() {
        var gd = graphDiv();
        if (gd && source && window.Plotly) {
            var meta = source.layout.meta;
            window.Plotly.relayout(gd, {"xaxis.range": [0, meta.width], "yaxis.range": [meta.height, 0]});
        }
    }

    function tool(id) {
        if (id === "overview") {
            viewport.whole = !viewport.whole;
            store("whole", viewport.whole);
        } else if (!viewport.whole) {
            var step = {"zoom-in": 1, "zoom-out": -1}[id];
            viewport.zoom = id === "zoom-reset" ? DEFAULT_ZOOM : Math.max(0, Math.min(ZOOM_STEPS - 1, viewport.zoom + step));
            store("zoom", viewport.zoom);
        } else if (id === "zoom-reset") {
            fitWhole();
            return;
        } else {
            zoomWhole(id === "zoom-in" ? WHOLE_STEP : 1 / WHOLE_STEP);
            return;
        }
        var canvas = byId("canvas");
        if (canvas) {
            canvas.classList.add("busy");
        }
        report(true);
    }

    // ---- 4: keyboard, focus, drawer -------------------------------------------------------------------

    function panelOpen() {
        var panel = byId("details-panel");
        return !!(panel && panel.classList.contains("open"));
    }

    function drawerOpen() {
        var app = document.querySelector(".app");
        return !!(app && app.classList.contains("drawer-open"));
    }

    function setDrawer(open) {
        var app = document.querySelector(".app");
        var toggle = byId("filters-toggle");
        if (!app) {
            return;
        }
        app.classList.toggle("drawer-open", open);
        if (toggle) {
            toggle.setAttribute("aria-expanded", open ? "true" : "false");
        }
        if (open) {
            var first = byId("search");
            if (first) {
                first.focus();
            }
        } else if (toggle && toggle.offsetParent !== null) {
            toggle.focus();
        }
    }

    function focusOpener() {
        var target = opener && opener.isConnected && opener.offsetParent !== null ? opener : byId("canvas");
        if (target) {
            target.focus();
        }
    }

    function watchPanel(tries) {
        var panel = byId("details-panel");
        var details = byId("details");
        if (!panel || !details || !window.MutationObserver) {
            if (tries > 0) {
                window.setTimeout(function () { watchPanel(tries - 1); }, 50);
            }
            return;
        }
        new window.MutationObserver(function () {
            if (focusPanel && panelOpen()) {
                var title = byId("details-title");
                if (title) {
                    focusPanel = false;
                    title.focus();
                }
            }
        }).observe(details, {childList: true, subtree: true});
        new window.MutationObserver(function () {
            if (returnFocus && !panelOpen()) {
                returnFocus = false;
                focusOpener();
            }
        }).observe(panel, {attributes: true, attributeFilter: ["class"]});
    }

    function inDropdown(el) {
        return !!(el && el.closest && el.closest(".dash-dropdown"));
    }

    document.addEventListener("keydown", function (e) {
        var target = e.target;
        if (e.key === "Enter" && target && target.id === "search") {
            setProps("search", {value: target.value});
            return;
        }
        if (e.key === "Enter" && inDropdown(target) && target.closest("#details-select")) {
            opener = byId("details-select");
            focusPanel = true;
            return;
        }
        if (e.key !== "Escape" || e.defaultPrevented) {
            return;
        }
        if (inDropdown(target) && document.querySelector(".dash-dropdown-content, .dash-dropdown-options")) {
            return; // the open dropdown closes first
        }
        if (drawerOpen()) {
            setDrawer(false);
            e.preventDefault();
        } else if (panelOpen()) {
            returnFocus = true;
            var close = byId("details-close");
            if (close) {
                close.click();
            }
            e.preventDefault();
        }
    });

    document.addEventListener("click", function (e) {
        var target = e.target && e.target.closest ? e.target : null;
        if (!target) {
            return;
        }
        var button = target.closest("button");
        if (button && ["zoom-in", "zoom-out", "zoom-reset", "overview"].indexOf(button.id) >= 0) {
            tool(button.id);
            return;
        }
        if (button && button.id === "filters-toggle") {
            setDrawer(!drawerOpen());
            return;
        }
        if (button && button.id === "filters-done") {
            setDrawer(false);
            return;
        }
        if (button && button.id === "details-close") {
            returnFocus = true;
            return;
        }
        var skip = target.closest(".skip-link");
        if (skip) {
            e.preventDefault();
            var into = skip.classList.contains("skip-details") ? byId("details-title") || byId("details-panel") : byId("canvas");
            if (into) {
                into.focus();
            }
            return;
        }
        var link = target.closest(".select-link");
        if (link) {
            // a search result or a name in the panel: its details take the focus
            if (!link.closest("#details-panel")) {
                opener = byId("search");
                if (drawerOpen()) {
                    setDrawer(false);
                }
            }
            focusPanel = e.detail === 0 || !!link.closest("#details-panel");
            return;
        }
        if (drawerOpen() && !target.closest("#sidebar")) {
            setDrawer(false);
        }
    });

    function start() {
        // Dash renders the page after fetching its layout: wait for it (up to a minute on a slow link).
        watchSize(1200);
        watchPanel(1200);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }

    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        navigator: {scale: scale}
    });
})();
