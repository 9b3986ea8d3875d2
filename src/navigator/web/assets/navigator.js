/*
 * Zoom-aware drawing for the navigator diagram.
 *
 * 1. Text. Plotly sizes text in pixels, but the Scene measures it in points so that it fits its
 *    card. Each text trace carries its size in points (meta.size); its pixel size must be points x
 *    the current pixels per point, so text keeps fitting its card at every zoom and window size.
 *    Text too small to read (under MIN_PX) is not drawn at all.
 * 2. Large catalogs (over CULL_POINTS points in all): only what is near the view is handed to
 *    plotly (the view grown by MARGIN on every side), and areas too small to see are left out, so a
 *    pan or a zoom redraws a few thousand points instead of hundreds of thousands. Small catalogs
 *    are drawn whole.
 *
 * - `scale` is a Dash clientside callback (callbacks.py): it prepares a new figure from the
 *   server for the current view before plotly draws it.
 * - `fit` runs after plotly draws, zooms, pans or resizes (plotly_afterplot, plotly_relayout) and
 *   redoes that preparation when the view has left the prepared region or the zoom changed, handing
 *   the result to the graph through Dash (set_props).
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
    var SETTLE_MS = 150; // wait for a burst of zoom steps to end before preparing the view again
    var HOVER_PT = 100; // points: a little over half a card, as hover points sit on a card's centre line (figure.py)
    var CULL_POINTS = 40000; // figures with more points than this are culled to the view
    var MARGIN = 0.5; // the prepared region is the view grown by this share of its size on every side

    var source = null; // the last figure from the server, whole
    var prepared = null; // {region: [x0, x1, y0, y1], k: pixels per point, culled: bool}

    function graphDiv() {
        return document.querySelector("#diagram .js-plotly-plot");
    }

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

    function fittedView(meta) {
        // What plotly will show for a new drawing: the whole page in the plot area, aspect kept.
        var box = document.getElementById("diagram");
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

    function fit(gd) {
        var v = drawnView(gd);
        if (!v || !stale(v) || gd.layout.uirevision !== source.layout.uirevision) {
            return;
        }
        // Through Dash, so that the graph's figure stays the one drawn (dcc.Graph redraws its figure
        // after a zoom).
        window.dash_clientside.set_props("diagram", {figure: prepare(source, v)});
    }

    function later(gd) {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () { fit(gd); }, SETTLE_MS);
    }

    function hook(tries) {
        var gd = graphDiv();
        if (gd && gd.on && window.Plotly) {
            if (!gd.__navigatorFit) {
                gd.__navigatorFit = true;
                var settle = function () { later(gd); };
                gd.on("plotly_afterplot", settle);
                gd.on("plotly_relayout", settle);
            }
            return;
        }
        if (tries > 0) {
            window.setTimeout(function () { hook(tries - 1); }, 100);
        }
    }

    function scale(fig) {
        if (!fig || !fig.data || !fig.layout) {
            return window.dash_clientside.no_update;
        }
        source = fig;
        var gd = graphDiv();
        var same = gd && gd.layout && gd.layout.uirevision === fig.layout.uirevision;
        var v = (same && drawnView(gd)) || fittedView(fig.layout.meta);
        hook(50);
        return prepare(fig, v);
    }

    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        navigator: {scale: scale}
    });
})();
