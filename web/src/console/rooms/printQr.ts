/**
 * Print a room's check-in sheet (A4, for the door) from a hidden frame, so the console page itself is not
 * what gets printed and no pop-up blocker is involved.
 */

export interface QrSheet {
  svg: string;
  title: string;
  center: string;
  heading: string;
  instructions: string;
  codeLabel: string;
  code: string;
  lang: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function qrSheetHtml(sheet: QrSheet): string {
  // The SVG goes in as an image, like on screen, so nothing inside it can run in the print frame.
  const src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(sheet.svg)}`;
  return `<!doctype html><html lang="${escapeHtml(sheet.lang)}"><head><meta charset="utf-8"><title>${escapeHtml(sheet.title)}</title>
<style>
@page { size: A4; margin: 18mm; }
body { margin: 0; font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; text-align: center; color: #111; }
h1 { margin: 10mm 0 4mm; color: #c8161e; font-size: 30pt; letter-spacing: 4pt; }
.room { margin: 6mm 0 0; font-size: 28pt; font-weight: 700; }
.center { margin: 2mm 0 0; font-size: 14pt; color: #444; }
img { width: 120mm; height: 120mm; margin-top: 6mm; }
.hint { margin: 6mm auto 0; max-width: 150mm; font-size: 13pt; line-height: 1.7; }
.label { margin: 8mm 0 0; font-size: 11pt; color: #555; }
.code { margin: 2mm 0 0; font-family: monospace; font-size: 20pt; letter-spacing: 2pt; }
</style></head><body>
<h1>${escapeHtml(sheet.heading)}</h1>
<p class="room">${escapeHtml(sheet.title)}</p>
<p class="center">${escapeHtml(sheet.center)}</p>
<img src="${src}" alt="">
<p class="hint">${escapeHtml(sheet.instructions)}</p>
<p class="label">${escapeHtml(sheet.codeLabel)}</p>
<p class="code">${escapeHtml(sheet.code)}</p>
</body></html>`;
}

export function printQrSheet(sheet: QrSheet): void {
  const frame = document.createElement('iframe');
  frame.setAttribute('aria-hidden', 'true');
  frame.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0;visibility:hidden';
  document.body.appendChild(frame);
  const win = frame.contentWindow;
  if (!win) {
    frame.remove();
    return;
  }
  win.document.open();
  win.document.write(qrSheetHtml(sheet));
  win.document.close();
  const img = win.document.querySelector('img');
  const go = () => {
    win.focus();
    win.print();
    // Give the print dialog time to take its copy before the frame goes.
    setTimeout(() => frame.remove(), 1000);
  };
  if (img && !img.complete) img.addEventListener('load', go, { once: true });
  else go();
}
