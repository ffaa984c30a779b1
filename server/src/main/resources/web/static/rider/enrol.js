// FaceFare rider portal: enrolment from the webcam. Every second a frame goes to the server's
// check, whose advice is shown at once ("Move closer", "Too dark"…); once three frames are good
// they are sent together to enrol, and the page goes to the result. Frames are kept in this page
// only until they are sent.
'use strict';

(function () {
  const section = document.getElementById('camera');
  if (!section) {
    return;
  }
  const cam = window.FaceFareCamera;
  const texts = JSON.parse(section.dataset.texts);
  const needed = Number(section.dataset.needed);
  const video = document.getElementById('preview');
  const advice = document.getElementById('advice');
  const progress = document.getElementById('progress');
  const start = document.getElementById('start-camera');
  const stop = document.getElementById('stop-camera');
  const error = document.getElementById('camera-error');
  let good = [];
  let timer = null;
  let busy = false;

  function halt() {
    if (timer) {
      clearInterval(timer);
      timer = null;
    }
    cam.close(video);
    start.hidden = false;
    stop.hidden = true;
  }

  async function enrol() {
    halt();
    advice.textContent = texts.sending;
    const form = new FormData();
    good.forEach(function (blob, i) { form.append('photo', blob, 'frame-' + i + '.jpg'); });
    good = [];
    const answer = await cam.post('/rider/enrol', form, null);
    if (answer.json.ok) {
      advice.textContent = texts.done;
      window.location.assign(answer.json.redirect);
    } else {
      advice.textContent = texts.failed + ' ' + answer.json.problems.join(' ');
    }
  }

  async function tick() {
    if (busy) {
      return;
    }
    busy = true;
    try {
      const blob = await cam.frame(video);
      const answer = await cam.post('/rider/enrol/check', blob, 'image/jpeg');
      const name = answer.json.advice;
      advice.textContent = texts[name] || answer.json.error || '';
      advice.dataset.advice = name || '';
      if (name === 'READY') {
        good.push(blob);
      }
      progress.textContent = cam.format(texts.progress, good.length, needed);
      if (good.length >= needed) {
        await enrol();
      }
    } finally {
      busy = false;
    }
  }

  start.addEventListener('click', async function () {
    error.hidden = true;
    good = [];
    try {
      await cam.open(video);
    } catch (e) {
      error.hidden = false;
      return;
    }
    start.hidden = true;
    stop.hidden = false;
    progress.textContent = cam.format(texts.progress, 0, needed);
    timer = setInterval(tick, 1000);
  });
  stop.addEventListener('click', halt);
})();
