// FaceFare rider portal: checks a match's inclusion proof in the browser, trusting nothing the
// server computed: the leaf hash is SHA-256(0x00 || leaf data), each step SHA-256(0x01 || left ||
// right), along the audit path as RFC 9162 section 2.1.3.2 verifies it, and the result must equal
// the signed tree head's root.
'use strict';

(function () {
  const texts = document.getElementById('verify-texts');
  if (!texts) {
    return;
  }

  function bytes(hex) {
    const out = new Uint8Array(hex.length / 2);
    for (let i = 0; i < out.length; i++) {
      out[i] = parseInt(hex.substr(2 * i, 2), 16);
    }
    return out;
  }

  function hex(buf) {
    return Array.from(new Uint8Array(buf)).map(function (b) {
      return b.toString(16).padStart(2, '0');
    }).join('');
  }

  async function sha256(prefix, parts) {
    let length = 1;
    parts.forEach(function (p) { length += p.length; });
    const data = new Uint8Array(length);
    data[0] = prefix;
    let at = 1;
    parts.forEach(function (p) { data.set(p, at); at += p.length; });
    return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  }

  /** RFC 9162 2.1.3.2: the root the audit path leads to from leaf `index` of a tree of `size`. */
  async function rootOf(index, size, leafHash, path) {
    if (index >= size) {
      return null;
    }
    let fn = BigInt(index);
    let sn = BigInt(size) - 1n;
    let r = leafHash;
    for (const p of path) {
      if (sn === 0n) {
        return null;
      }
      if ((fn & 1n) === 1n || fn === sn) {
        r = await sha256(1, [p, r]);
        if ((fn & 1n) === 0n) {
          while ((fn & 1n) === 0n && fn !== 0n) {
            fn >>= 1n;
            sn >>= 1n;
          }
        }
      } else {
        r = await sha256(1, [r, p]);
      }
      fn >>= 1n;
      sn >>= 1n;
    }
    return sn === 0n ? r : null;
  }

  async function verify(article, result) {
    if (!window.crypto || !crypto.subtle) {
      result.textContent = texts.dataset.unsupported;
      result.className = 'verify-result error';
      return;
    }
    const leaf = await sha256(0, [bytes(article.dataset.leaf)]);
    const path = article.dataset.path === '' ? [] : article.dataset.path.split(',').map(bytes);
    const root = await rootOf(
      Number(article.dataset.index), Number(article.dataset.size), leaf, path);
    const valid = root !== null && hex(root) === article.dataset.root;
    result.textContent = valid ? texts.dataset.valid : texts.dataset.invalid;
    result.dataset.valid = String(valid);
    result.className = 'verify-result ' + (valid ? 'ok' : 'error');
  }

  document.querySelectorAll('article.match').forEach(function (article) {
    const button = article.querySelector('button.verify');
    const result = article.querySelector('.verify-result');
    button.addEventListener('click', function () { verify(article, result); });
  });
})();
