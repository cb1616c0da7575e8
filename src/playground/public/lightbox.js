// Tapping a picture in the chat opens it full screen over the phone, as LINE does; ✕, Esc or a tap
// beside the picture closes it.
const $ = (id) => document.getElementById(id);

export function createLightbox() {
  const box = $('lightbox');
  const image = $('lightbox-image');
  let opener;

  function open(url, alt = '') {
    opener = document.activeElement;
    image.src = url;
    image.alt = alt;
    box.hidden = false;
    $('lightbox-close').focus();
  }

  function close() {
    if (box.hidden) return;
    box.hidden = true;
    image.removeAttribute('src');
    if (opener instanceof HTMLElement) opener.focus({ preventScroll: true });
  }

  $('lightbox-close').addEventListener('click', close);
  box.addEventListener('click', (event) => {
    if (event.target === box || (event.target === image && !onPicture(event))) close();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !box.hidden) {
      event.stopPropagation();
      close();
    }
  });
  /** The picture is drawn contained in a larger box: a tap in the box's empty margin is a tap beside it. */
  function onPicture(event) {
    const frame = image.getBoundingClientRect();
    if (!image.naturalWidth || !image.naturalHeight) return false;
    const scale = Math.min(frame.width / image.naturalWidth, frame.height / image.naturalHeight);
    const width = image.naturalWidth * scale;
    const height = image.naturalHeight * scale;
    const left = frame.left + (frame.width - width) / 2;
    const top = frame.top + (frame.height - height) / 2;
    return event.clientX >= left && event.clientX <= left + width && event.clientY >= top && event.clientY <= top + height;
  }

  return { open, close, isOpen: () => !box.hidden };
}
