// share.js — the controller's actions for keeping and handing on a lab: the class bundle (export,
// import with a way back), the link that reproduces the settings, and Start over. DOM-free apart
// from the page address it reads.
import { Req } from './protocol.js';
import { applySnapshot, takeSnapshot } from './snapshot.js';
import { decodeBundle, encodeBundle, BundleError, MAX_BUNDLE_BYTES } from './bundle.js';

const note = (key, params = {}, err = null) => ({ key, params, err: err && { code: err.code, params: err.params, message: err.message } });

export class Share {
  constructor(ctl, { appVersion = () => ctl.state.engine.version } = {}) {
    this.ctl = ctl;
    this.appVersion = appVersion;
  }

  say(key, params = {}, { error = false, err = null } = {}) {
    this.ctl.set({ keep: { message: note(key, params, err), error } });
  }

  get idle() {
    const s = this.ctl.state;
    return !s.data.busy && !this.ctl.runner.running && s.experiment?.phase !== 'running';
  }

  /** → the bundle's bytes (Uint8Array), or null when it could not be made (the reason is said). */
  async exportBundle() {
    await this.ctl.started;
    if (!this.idle) return this.say('keep.bundle.busy', {}, { error: true }), null;
    try {
      const bytes = encodeBundle(await takeSnapshot(this.ctl), { app: this.appVersion() });
      const photos = this.ctl.photos.all().length;
      this.say('keep.bundle.saved', { photos, runs: this.ctl.state.runs.length, mb: (bytes.length / 1048576).toFixed(1) });
      return bytes;
    } catch (err) {
      this.say('keep.bundle.saveFailed', {}, { error: true, err });
      return null;
    }
  }

  /**
   * Replaces the lab with a bundle's. The file is read and checked completely first (format,
   * checksum, every field, and the model by the engine) and refused with a message if anything is
   * wrong; if putting it in place fails part-way, the lab as it was is put back.
   */
  async importBundle(file) {
    await this.ctl.started;
    if (!this.idle) return this.say('keep.bundle.busy', {}, { error: true });
    if (file.size > MAX_BUNDLE_BYTES) return this.say('keep.bundle.tooBig', { mb: Math.round(file.size / 1048576) }, { error: true });
    let snap;
    try {
      snap = decodeBundle(new Uint8Array(await file.arrayBuffer()));
      if (snap.model) await this.ctl.client.request(Req.checkModel, { bytes: snap.model.slice(0) });
    } catch (err) {
      if (err instanceof BundleError) return this.say(err.key, err.params, { error: true });
      return this.say('keep.bundle.badModel', {}, { error: true, err });
    }
    const before = await takeSnapshot(this.ctl);
    this.ctl.setData({ busy: true });
    try {
      await applySnapshot(this.ctl, snap);
      this.say('keep.bundle.loaded', { photos: snap.photos.length, k: snap.settings.classes.length, runs: snap.runs.length });
    } catch (err) {
      await applySnapshot(this.ctl, before);
      this.say('keep.bundle.applyFailed', {}, { error: true, err });
    } finally {
      this.ctl.setData({ busy: false });
      this.ctl.syncImages();
    }
    return undefined;
  }

  /** The address that reproduces the settings (the hash follows the store). */
  link() {
    return this.ctl.win.location.href;
  }

  /** Everything stored is deleted and the page opens again, empty (the language is kept). */
  async startOver() {
    if (this.ctl.runner.running) await this.ctl.runner.stop();
    await this.ctl.persist?.clear();
    const { location } = this.ctl.win;
    location.replace(location.pathname + location.search);
  }
}
