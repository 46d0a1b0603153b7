/* Photos made smaller in the browser before upload (issue 14): a phone photo of 4000 px is drawn on
   a canvas at most maxSide px on its long edge and sent as a JPEG, a tenth of the bytes on a weak
   signal. A file that is not a photo, is small enough already, or cannot be drawn goes as it is;
   the server checks and re-encodes every photo anyway (suite/ticketing/photos.py). The caller keeps
   the original when the server must read the photo's GPS, which the canvas drops. */
window.SuitePhotos = (function () {
  "use strict";

  function resize(file, maxSide, quality) {
    if (!/^image\/(jpeg|png|webp)$/.test(file.type) || !window.createImageBitmap) return Promise.resolve(file);
    return window.createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = maxSide / Math.max(bitmap.width, bitmap.height);
      if (scale >= 1) return file;
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      var context = canvas.getContext("2d");
      context.fillStyle = "#fff"; // a transparent PNG becomes a JPEG on white
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      if (bitmap.close) bitmap.close();
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          if (!blob || blob.size >= file.size) return resolve(file);
          var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
          resolve(new File([blob], name, { type: "image/jpeg", lastModified: file.lastModified }));
        }, "image/jpeg", quality || 0.8);
      });
    }).catch(function () { return file; });
  }

  return { resize: resize };
})();
