// Drag and drop of many files onto the intake form, sent in one request; the rows of the answer
// arrive one line each as files finish and are put into the table as they come.
(function () {
  "use strict";
  var form = document.getElementById("drop-form");
  if (!form) { return; }
  var input = document.getElementById("drop-input");
  var zone = document.getElementById("drop-zone");
  var rows = document.getElementById("drop-rows");
  var bar = document.getElementById("drop-progress");
  var note = document.getElementById("drop-note");

  function send(files) {
    if (!files || files.length === 0) { return; }
    var data = new FormData();
    for (var i = 0; i < files.length; i++) { data.append("files", files[i], files[i].name); }
    var xhr = new XMLHttpRequest();
    var used = 0;
    var done = 0;
    bar.max = files.length; bar.value = 0; bar.hidden = false;
    note.textContent = "Đang gửi " + files.length + " tệp…";
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) { note.textContent = "Đang gửi: " + Math.round(100 * e.loaded / e.total) + " %"; }
    };
    function take() {
      var text = xhr.responseText;
      var end = text.lastIndexOf("\n");
      if (end < used) { return; }
      var lines = text.slice(used, end).split("\n");
      used = end + 1;
      lines.forEach(function (line) {
        if (line.trim() === "") { return; }
        rows.insertAdjacentHTML("beforeend", line);
        done += 1; bar.value = done;
        note.textContent = "Đã kiểm tra " + done + "/" + files.length + " tệp";
      });
    }
    xhr.onprogress = take;
    xhr.onload = function () {
      take();
      note.textContent = xhr.status === 200 ? "Xong: đã nhận và kiểm tra " + done + " tệp." : xhr.responseText;
      input.value = "";
    };
    xhr.onerror = function () { note.textContent = "Không gửi được: máy chủ của bàn làm việc đã dừng?"; };
    xhr.open("POST", form.getAttribute("data-stream"));
    xhr.setRequestHeader("X-CSRF-Token", form.getAttribute("data-token"));
    xhr.send(data);
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); send(input.files); });
  input.addEventListener("change", function () { send(input.files); });
  zone.addEventListener("dragover", function (e) { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
  zone.addEventListener("drop", function (e) {
    e.preventDefault(); zone.classList.remove("over"); send(e.dataTransfer.files);
  });
})();
