// views/camera.js — the webcam dialog: live preview, "take photo" hands back a JPEG File each time.
import { t } from '../i18n/index.js';

export class CameraView {
  constructor(dialog) {
    this.dialog = dialog;
    this.video = dialog.querySelector('video');
    this.error = dialog.querySelector('#camera-error');
    this.count = dialog.querySelector('#camera-count');
    this.stream = null;
    this.onPhoto = null;
    this.taken = 0;
    dialog.querySelector('#camera-snap').addEventListener('click', () => this.snap());
    dialog.querySelector('#camera-close').addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => this.stopStream());
  }

  // onPhoto(file) runs once per snap; title says what the photos are for.
  async open(title, onPhoto) {
    this.onPhoto = onPhoto;
    this.taken = 0;
    this.dialog.querySelector('#camera-title').textContent = title;
    this.error.textContent = '';
    this.count.textContent = '';
    this.dialog.showModal();
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
      this.video.srcObject = this.stream;
    } catch (err) {
      this.error.textContent = t('camera.error', { message: err.message || err.name });
    }
  }

  async snap() {
    if (!this.stream || !this.video.videoWidth) return;
    const canvas = document.createElement('canvas');
    canvas.width = this.video.videoWidth;
    canvas.height = this.video.videoHeight;
    canvas.getContext('2d').drawImage(this.video, 0, 0);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.9));
    this.taken += 1;
    this.count.textContent = t('camera.taken', { n: this.taken });
    this.onPhoto?.(new File([blob], `camera-${Date.now()}.jpg`, { type: 'image/jpeg' }));
  }

  stopStream() {
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
    this.video.srcObject = null;
  }

  update() {}

  reset() {
    this.dialog.close();
  }
}
