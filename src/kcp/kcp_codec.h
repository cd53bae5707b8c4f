/* Internal helpers of the segment codec. */
#ifndef KCP_CODEC_H
#define KCP_CODEC_H

#include <stdint.h>

/* kcp_header_put: the 24-byte header at p. */
void kcp_header_put(uint8_t *p, uint32_t conv, uint8_t cmd, uint8_t frg, uint16_t wnd, uint32_t ts,
                    uint32_t sn, uint32_t una, uint32_t len);

/* kcp_cmd_valid: 1 for PUSH, ACK, WASK and WINS. */
int kcp_cmd_valid(unsigned cmd);

#endif /* KCP_CODEC_H */
