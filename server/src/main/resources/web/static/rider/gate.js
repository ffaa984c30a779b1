// FaceFare rider portal: "try a gate". The webcam is the gate's camera: frames go to the
// server's virtual gate one at a time until it decides; the page shows the gate's display and the
// turnstile, offers to walk through an open turnstile, and stops sending frames after a decision.
'use strict';

(function () {
  const section = document.getElementById('gate');
  if (!section) {
    return;
  }
  const cam = window.FaceFareCamera;
  const texts = JSON.parse(section.dataset.texts);
  const video = document.getElementById('gate-camera');
  const choice = document.getElementById('gate-choice');
  const outcome = document.getElementById('gate-outcome');
  const display = document.getElementById('gate-display');
  const fare = document.getElementById('gate-fare');
  const rules = document.getElementById('gate-rules');
  const turnstile = document.getElementById('turnstile');
  const adviceLine = document.getElementById('gate-advice');
  const start = document.getElementById('gate-start');
  const walk = document.getElementById('gate-walk');
  const again = document.getElementById('gate-again');
  const error = document.getElementById('gate-error');
  let timer = null;
  let busy = false;

  function path(action) {
    return '/rider/gate/' + action + '?gate=' + encodeURIComponent(choice.value);
  }

  function stopFrames() {
    if (timer) {
      clearInterval(timer);
      timer = null;
    }
  }

  function show(json) {
    if (json.error) {
      stopFrames();
      error.textContent = json.error;
      error.hidden = false;
      return;
    }
    turnstile.textContent = json.turnstileText;
    turnstile.dataset.state = json.turnstile;
    adviceLine.textContent = json.advice || '';
    walk.hidden = json.turnstile !== 'OPEN';
    if (json.decision) {
      stopFrames();
      const d = json.decision;
      outcome.textContent = d.text;
      outcome.dataset.outcome = d.outcome;
      outcome.className = 'outcome ' + (d.open ? 'ok' : 'error');
      display.textContent = d.display;
      fare.textContent = d.open ? cam.format(texts.fare, d.fare) : '';
      rules.replaceChildren();
      d.rules.forEach(function (r) {
        const li = document.createElement('li');
        li.textContent = r;
        rules.appendChild(li);
      });
      again.hidden = false;
    }
  }

  async function tick() {
    if (busy || !video.srcObject) {
      return;
    }
    busy = true;
    try {
      const blob = await cam.frame(video);
      const answer = await cam.post(path('frame'), blob, 'image/jpeg');
      show(answer.json);
    } finally {
      busy = false;
    }
  }

  function look() {
    error.hidden = true;
    again.hidden = true;
    outcome.textContent = texts.looking;
    outcome.dataset.outcome = '';
    outcome.className = 'outcome';
    display.textContent = '';
    fare.textContent = '';
    rules.replaceChildren();
    stopFrames();
    timer = setInterval(tick, 700);
  }

  start.addEventListener('click', async function () {
    try {
      await cam.open(video);
    } catch (e) {
      error.textContent = texts.camera;
      error.hidden = false;
      return;
    }
    start.hidden = true;
    look();
  });
  again.addEventListener('click', look);
  walk.addEventListener('click', async function () {
    const answer = await cam.post(path('passage'), null, null);
    show(answer.json);
  });
})();
