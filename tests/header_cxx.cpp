// Build-only check: the umbrella header compiles as C++.
#include <tfo/tfo.h>

int main()
{
	return tfo_strerror(TFO_OK) == nullptr;
}
