/* Build-only check: the umbrella header compiles alone as strict C99. */
#include <tfo/tfo.h>

int main(void)
{
	return tfo_strerror(TFO_OK) == 0;
}
