/* fuzz_list.h: every fuzz target, T(name) for tests/fuzz/fuzz_<name>.c; the
 * one list: fuzz.cmake reads it for the executables and the ctest rows, and
 * fuzz_main.c for its table.  Add a target here and nowhere else. */
T(doc)
T(topo)
T(graphml)
T(mpart)
T(jtok)
T(cmap)
T(msg)
T(head)
T(handle)
