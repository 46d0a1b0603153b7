/* Photos made smaller before upload (issue 14): at most maxSide px on the long edge, as JPEG.
   Not a photo, small enough, or not drawable: the file goes as it is (the server re-encodes). */
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
