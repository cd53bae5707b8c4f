/*
 * Stepping in the terminal: each segment of each connection, one at a
 * time, with why it was sent and what the receiver did, advancing on
 * Enter when the reader is at a terminal.
 */
#ifndef CLS_STEP_H
#define CLS_STEP_H

#include <stdio.h>

#include "cls_model.h"

/*
 * cls_step: prints d's segments to out. When interactive, waits for a
 * line on in after each segment ("q" stops the waiting; end of input
 * too); otherwise runs through. Returns 0, or -1 when out fails.
 */
int cls_step(FILE *out, FILE *in, int interactive, const struct cls_doc *d);

#endif /* CLS_STEP_H */
