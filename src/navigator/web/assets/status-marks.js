/*
 * The status marks of "Your system" (web/assessed.py): one small SVG layer laid exactly over the
 * diagram's plot area, outside plotly, so that setting a control's status redraws this layer alone
 * (any plotly update redraws the whole diagram). Its viewBox is the plot's axis ranges in points, so
 * it follows the zoom and pan of the whole navigator and the fixed scale of the reflowed one.
 *
 * `status.draw` is a clientside callback: it draws the marks the server sends. A click on a status
 * radio button draws the selected control's new mark and every coverage bar at once, from the DOM
 * event, the bars' shares recomputed here (`share`, the rule of assess.coverage); the server's
 * answer follows with the same shares. Everything drawn is numbers, colours from the server's theme
 * and catalog ids; ids are escaped all the same.
 */
(function () {
    "use strict";

    var NS = "http://www.w3.org/2000/svg";
    var marks = null; // the last marks from the server (assessed.marks), with any status set since

    function graphDiv() {
        return document.querySelector("#diagram .js-plotly-plot");
    }

    function esc(text) {
        return String(text).replace(/[&<>"']/g, function (c) {
            return "&#" + c.charCodeAt(0) + ";";
        });
    }

    function num(v) {
        return Math.round(Number(v) * 100) / 100;
    }

    function rect(x, y, w, h, fill, opacity, cls, id, extra) {
        return '<rect class="' + cls + '" x="' + num(x) + '" y="' + num(y) + '" width="' + num(Math.max(w, 0)) +
            '" height="' + num(Math.max(h, 0)) + '" fill="' + esc(fill) + '"' +
            (opacity < 1 ? ' fill-opacity="' + opacity + '"' : "") +
            (id ? ' data-id="' + esc(id) + '"' : "") + (extra || "") + "/>";
    }

    function layer(gd) {
        var svg = document.getElementById("status-layer");
        var holder = gd.querySelector(".svg-container");
        if (!holder) {
            return null;
        }
        if (!svg || svg.parentNode !== holder) {
            svg = document.createElementNS(NS, "svg");
            svg.setAttribute("id", "status-layer");
            svg.setAttribute("aria-hidden", "true");
            svg.setAttribute("preserveAspectRatio", "none");
            var first = holder.querySelector(".main-svg");
            holder.insertBefore(svg, first ? first.nextSibling : null);
        }
        return svg;
    }

    function place(gd, svg) {
        var full = gd._fullLayout;
        if (!full || !full._size || !full.xaxis || !full.yaxis) {
            return false;
        }
        var s = full._size;
        var x = full.xaxis.range;
        var y = full.yaxis.range; // reversed: [bottom, top]
        svg.style.left = s.l + "px";
        svg.style.top = s.t + "px";
        svg.setAttribute("width", s.w);
        svg.setAttribute("height", s.h);
        svg.setAttribute("viewBox", [x[0], Math.min(y[0], y[1]), x[1] - x[0], Math.abs(y[0] - y[1])].join(" "));
        return true;
    }

    function render() {
        var gd = graphDiv();
        if (!gd || !gd._fullLayout) {
            window.setTimeout(render, 100);
            return;
        }
        hook(gd);
        var svg = layer(gd);
        if (!svg || !place(gd, svg)) {
            return;
        }
        svg.setAttribute("data-key", marks ? marks.key : "");
        svg.setAttribute("data-drawn", marks ? marks.drawn : "");
        if (!marks) {
            svg.innerHTML = "";
            return;
        }
        var out = [];
        var m = marks.mark;
        Object.keys(marks.rows).forEach(function (control) {
            var word = marks.statuses[control];
            if (!word) {
                return;
            }
            var colour = marks.colours[word];
            marks.rows[control].forEach(function (row) {
                var x = row[1], y = row[2], w = row[3], h = row[4], from = row[5];
                if (marks.colour) { // the tint leaves the control type's badge its own colour
                    out.push(rect(from, y, x + w - from, h, colour, marks.tint, "tint", row[0],
                        ' data-status="' + esc(word) + '"'));
                }
                out.push(rect(x + w + m[0], y + m[2], m[1], h - 2 * m[2], colour, 1, "mark", row[0],
                    ' data-status="' + esc(word) + '"'));
            });
        });
        marks.bars.forEach(function (bar) {
            if (bar[6] === null) {
                return; // nothing marked, or no control left to count
            }
            out.push(rect(bar[1], bar[2], bar[3], bar[4], marks.track, 1, "track", bar[0]));
            out.push(rect(bar[1], bar[2], bar[3] * bar[5], bar[4], marks.fill, 1, "fill", bar[0],
                ' data-share="' + esc(bar[6]) + '"'));
        });
        svg.innerHTML = out.join("");
    }

    function hook(gd) {
        if (gd.__statusMarks) {
            return;
        }
        gd.__statusMarks = true;
        var again = function () {
            var svg = document.getElementById("status-layer");
            if (!svg || !svg.isConnected || svg.parentNode !== gd.querySelector(".svg-container")) {
                render();
            } else {
                place(gd, svg);
            }
        };
        gd.on("plotly_afterplot", again);
        gd.on("plotly_relayout", again);
        gd.on("plotly_relayouting", again);
    }

    // A threat's coverage from the statuses: implemented 1, partial 1/2, not-applicable left out, the
    // rest 0 (assess.coverage), as [number, exact fraction in lowest terms as Python's str(Fraction):
    // "0", "1", "3/8"]; null when nothing is marked or no control is left to count.
    function share(controls) {
        var halves = 0, counted = 0;
        controls.forEach(function (i) {
            var word = marks.statuses[marks.controls[i]];
            if (word !== "not-applicable") {
                counted += 1;
                halves += word === "implemented" ? 2 : word === "partial" ? 1 : 0;
            }
        });
        if (!counted || !Object.keys(marks.statuses).length) {
            return null;
        }
        var a = halves, b = 2 * counted, t;
        while (b) { // a becomes the greatest common divisor
            t = a % b;
            a = b;
            b = t;
        }
        var top = halves / a, bottom = 2 * counted / a;
        return [top / bottom, bottom === 1 ? String(top) : top + "/" + bottom];
    }

    function draw(data) {
        marks = data && data.rows ? data : null;
        if (marks) {
            marks.drawn = "server";
        }
        // The server answered a change (a new width, a status) with the drawing the browser holds: no
        // new figure is coming, so the canvas is not waiting for one (navigator.js marks it busy).
        var gd = graphDiv();
        var canvas = document.getElementById("canvas");
        if (marks && gd && gd.layout && gd.layout.uirevision === marks.key && canvas) {
            canvas.classList.remove("busy");
        }
        render();
        return window.dash_clientside.no_update;
    }

    // A click on a status radio button redraws the marks at once, straight from the DOM event: a Dash
    // callback on the radio would wait for the server callback that also answers it. The selected
    // control's rows and every bar's controls are in the marks already (assessed.marks sends them).
    document.addEventListener("change", function (event) {
        var input = event.target;
        if (!input || !input.closest || !input.closest("#status-choice") || !marks || !marks.control) {
            return;
        }
        if (input.value) {
            marks.statuses[marks.control] = input.value;
        } else {
            delete marks.statuses[marks.control];
        }
        marks.bars.forEach(function (bar) {
            var found = share(bar[7]);
            bar[5] = found && found[0];
            bar[6] = found && found[1];
        });
        marks.drawn = "browser";
        render();
    }, true);

    window.dash_clientside = Object.assign({}, window.dash_clientside, {status: {draw: draw}});
})();
