/* The classroom page's script: stepping through each connection's
   segments, the sentence for the current step, details on a click. The
   page is complete without it: everything is shown until a step starts. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('tfo-data').textContent);
  var players = [];
  var active = 0;
  var scrolled = false;

  function ms(ns) {
    var v = ns / 1e6;
    return (Math.round(v * 1000) / 1000).toString();
  }

  function text(tag, cls, content) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (content !== undefined && content !== null) e.textContent = content;
    return e;
  }

  function showDetails(k, seg, i) {
    var untimed = data.conns[k].untimed;
    var box = document.getElementById('details' + k);
    var dl = document.createElement('dl');
    function row(name, value, code) {
      if (value === null || value === undefined || value === '') return;
      dl.appendChild(text('dt', '', name));
      var dd = document.createElement('dd');
      dd.appendChild(code ? text('code', '', value) : document.createTextNode(value));
      dl.appendChild(dd);
    }
    box.textContent = '';
    box.appendChild(text('h3', '', 'Segment ' + (i + 1) + ': ' + seg.label));
    row('direction', seg.from === 'client' ? 'client \u2192 server' : 'server \u2192 client');
    if (!untimed) {
      row('sent', ms(seg.t_send) + ' ms');
      row(seg.lost ? 'lost' : 'arrived', seg.lost ? 'never arrived' : ms(seg.t_end) + ' ms');
    }
    row('in short', seg.brief, true);
    row('tcpdump', seg.tcpdump, true);
    var opts = seg.tcpdump && /options \[([^\]]*)\]/.exec(seg.tcpdump);
    row('options', opts ? opts[1] : (seg.tcpdump ? 'none' : null), true);
    row('cookie', seg.cookie, true);
    row('does it check?', seg.check);
    row('on the way', seg.change);
    row('why', seg.why);
    row('then', seg.what);
    box.appendChild(dl);
    var close = text('button', '', 'close');
    close.type = 'button';
    close.addEventListener('click', function () { box.hidden = true; });
    box.appendChild(close);
    box.hidden = false;
  }

  function Player(k, sec, conn) {
    var n = conn.segs.length;
    var segs = sec.querySelectorAll('.run-on .seg');
    var offSegs = sec.querySelectorAll('.run-off .seg');
    var items = sec.querySelectorAll('.steps li');
    var now = document.getElementById('now' + k);
    var count = document.getElementById('count' + k);
    var playBtn = sec.querySelector('button[data-act="play"]');
    var step = n;   /* segments shown; n: all, as without the script */
    var stepping = false; /* reached by stepping (the last sentence shows), not by end */
    var timer = null;

    function upto() {
      var t = -1;
      for (var i = 0; i < step; i++) t = Math.max(t, conn.segs[i].t_end, conn.segs[i].t_send);
      return t;
    }

    function marks(svg, t) {
      if (!svg) return;
      svg.querySelectorAll('.mark, .saved').forEach(function (g) {
        var at = Number(g.getAttribute('data-t'));
        g.classList.toggle('future', step < n && at > t);
      });
    }

    function render() {
      var t = upto();
      var focused = step < n || stepping; /* one segment is the current one */
      for (var i = 0; i < segs.length; i++) {
        segs[i].classList.toggle('future', i >= step);
        segs[i].classList.toggle('cur', i === step - 1 && focused);
        segs[i].classList.toggle('past', i < step - 1 && focused);
      }
      for (var j = 0; j < offSegs.length; j++) {
        var s = conn.off[j];
        offSegs[j].classList.toggle('future', step < n && !(s.t_send < t));
      }
      for (var q = 0; q < items.length; q++) {
        items[q].hidden = q >= step;
        items[q].classList.toggle('current', q === step - 1 && focused);
      }
      marks(sec.querySelector('.run-on svg'), t);
      marks(sec.querySelector('.run-off svg'), step < n ? t : Infinity);
      count.textContent = !focused ? 'all ' + n + ' segments' : 'step ' + step + ' of ' + n;
      now.textContent = '';
      now.className = 'now';
      if (step === 0) {
        now.appendChild(text('p', 'what', 'Nothing has been sent yet. Press next (\u2192).'));
      } else if (!focused) {
        now.appendChild(text('p', 'what', 'All ' + n + ' segments are shown; the list below ' +
          'says what each one did. Press start (Home) to go through them again.'));
      } else {
        var seg = conn.segs[step - 1];
        now.classList.add(seg.from === 'client' ? 'c2s' : 's2c');
        var times = conn.untimed ? (seg.lost ? ', lost' : '') : ', ' + ms(seg.t_send) +
          (seg.lost ? ' ms, lost' : ' \u2192 ' + ms(seg.t_end) + ' ms');
        now.appendChild(text('p', 'lab', step + '. ' + seg.label + (seg.from === 'client' ?
          ' \u2014 client \u2192 server' : ' \u2014 server \u2192 client') + times));
        var why = text('p', 'why');
        why.appendChild(text('b', '', 'Why: '));
        why.appendChild(document.createTextNode(seg.why));
        now.appendChild(why);
        var then = text('p', 'then');
        then.appendChild(text('b', '', 'Then: '));
        then.appendChild(document.createTextNode(seg.what));
        now.appendChild(then);
      }
    }

    function go(s, stepped) {
      step = Math.max(0, Math.min(n, s));
      stepping = stepped;
      render();
    }

    function stop() {
      if (timer) clearInterval(timer);
      timer = null;
      playBtn.setAttribute('aria-pressed', 'false');
      playBtn.textContent = '\u25b6 play';
    }

    function play() {
      if (timer) { stop(); return; }
      if (step >= n) go(0, true);
      playBtn.setAttribute('aria-pressed', 'true');
      playBtn.textContent = '\u2016 pause';
      timer = setInterval(function () {
        go(step + 1, true);
        if (step >= n) stop();
      }, 1600);
    }

    this.act = function (what) {
      active = k;
      scrolled = false;
      if (what !== 'play') stop();
      if (what === 'start') go(0, true);
      else if (what === 'prev') go(step - 1, true);
      else if (what === 'next') go(step >= n && !stepping ? 1 : step + 1, true);
      else if (what === 'end') go(n, false);
      else if (what === 'play') play();
    };
    this.step = function () { return step; };

    sec.querySelectorAll('.controls button').forEach(function (b) {
      b.addEventListener('click', function () { players[k].act(b.getAttribute('data-act')); });
    });
    function clickable(list, source) {
      for (var i = 0; i < list.length; i++) {
        (function (i) {
          var g = list[i];
          g.setAttribute('tabindex', '0');
          g.addEventListener('click', function () { active = k; showDetails(k, source[i], i); });
          g.addEventListener('keydown', function (e) {
            if (e.key === 'Enter') { active = k; showDetails(k, source[i], i); }
          });
        })(i);
      }
    }
    clickable(segs, conn.segs);
    if (conn.off) clickable(offSegs, conn.off);
    sec.addEventListener('focusin', function () { active = k; });
    render();
  }

  document.querySelectorAll('section.conn').forEach(function (sec) {
    var k = Number(sec.getAttribute('data-k'));
    players[k] = new Player(k, sec, data.conns[k]);
  });

  /* After a scroll away from it, the keys act on the connection in view. */
  window.addEventListener('scroll', function () { scrolled = true; }, { passive: true });

  function visible(sec) {
    var r = sec.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  }

  function inView() {
    var secs = document.querySelectorAll('section.conn');
    if (secs[active] && visible(secs[active])) return active;
    for (var i = 0; i < secs.length; i++) {
      var r = secs[i].getBoundingClientRect();
      if (r.bottom > window.innerHeight / 3) return Number(secs[i].getAttribute('data-k'));
    }
    return active;
  }

  document.addEventListener('keydown', function (e) {
    if (scrolled) {
      active = inView();
      scrolled = false;
    }
    var p = players[active];
    if (!p || e.altKey || e.ctrlKey || e.metaKey) return;
    var tag = e.target && e.target.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA') return;
    var act = { ArrowRight: 'next', ArrowLeft: 'prev', Home: 'start', End: 'end', ' ': 'play' }[e.key];
    if (!act) return;
    if (act === 'play' && tag === 'BUTTON') return;
    e.preventDefault();
    p.act(act);
  });

  window.tfoLadder = {
    step: function (k) { return players[k || 0].step(); },
    act: function (k, what) { players[k].act(what); }
  };
})();
