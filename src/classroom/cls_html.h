/*
 * The classroom page: one self-contained HTML file (inline CSS, SVG and
 * JavaScript, nothing fetched) with, per connection, the ladder and the
 * same connection with TCP Fast Open off beside it, controls to step
 * through the segments one at a time (buttons and arrow keys), the
 * sentence for each step, and each segment's details on a click. Without
 * JavaScript, and when printed, the page shows every segment and every
 * sentence.
 */
#ifndef CLS_HTML_H
#define CLS_HTML_H

#include <stdio.h>

#include "cls_model.h"

/* cls_html_write: the page for d. Returns 0, TFO_ERR_NOMEM, or -1 when out fails. */
int cls_html_write(FILE *out, const struct cls_doc *d);

/*
 * cls_svg_file: the ladder of connection `index` of d alone, as an SVG
 * document (for slides; no script needed). Returns 0, TFO_ERR_NOMEM,
 * TFO_ERR_INVALID (no such connection in d) or -1 when out fails.
 */
int cls_svg_file(FILE *out, const struct cls_doc *d, uint64_t index);

/* The page's script and style (cls_page_js.c, made from page.js and page.css). */
extern const char cls_page_js[];
extern const char cls_page_css[];

#endif /* CLS_HTML_H */
