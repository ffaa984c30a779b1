// FaceFare rider portal: the webcam helper shared by enrolment and "try a gate". Frames are drawn
// from the live video onto a canvas and sent as JPEG; nothing is kept in the page.
'use strict';

window.FaceFareCamera = {
  /** Opens the camera into the video element; resolves to the stream. */
  open: async function (video) {
    const stream = await navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: 640 }, height: { ideal: 480 } },
      audio: false
    });
    video.srcObject = stream;
    await video.play();
    return stream;
  },

  /** Stops every track of the stream. */
  close: function (video) {
    const stream = video.srcObject;
    if (stream) {
      stream.getTracks().forEach(function (t) { t.stop(); });
    }
    video.srcObject = null;
  },

  /** One JPEG frame of the video, as a Blob. */
  frame: function (video) {
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth || 640;
    canvas.height = video.videoHeight || 480;
    canvas.getContext('2d').drawImage(video, 0, 0, canvas.width, canvas.height);
    return new Promise(function (resolve) { canvas.toBlob(resolve, 'image/jpeg', 0.92); });
  },

  /** POSTs a body to a path of this site with the session's CSRF token; resolves to the JSON. */
  post: async function (path, body, contentType) {
    const token = document.querySelector('meta[name="csrf-token"]').content;
    const headers = { 'X-CSRF-Token': token, 'Accept': 'application/json' };
    if (contentType) {
      headers['Content-Type'] = contentType;
    }
    const response = await fetch(path, {
      method: 'POST', body: body, headers: headers, credentials: 'same-origin'
    });
    return { status: response.status, json: await response.json() };
  },

  /** A text with {0}, {1}… replaced by the arguments. */
  format: function (pattern) {
    const args = Array.prototype.slice.call(arguments, 1);
    return pattern.replace(/\{(\d+)\}/g, function (m, i) { return String(args[Number(i)]); });
  }
};
