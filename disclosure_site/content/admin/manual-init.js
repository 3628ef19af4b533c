// Read before Decap CMS (admin/index.html): editor.js starts it once the data formats and the preview are registered.
window.CMS_MANUAL_INIT = true;
