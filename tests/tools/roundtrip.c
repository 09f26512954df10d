/* roundtrip — reads a unit file with a plan and prints it as qtown writes
 * it.  Tests use it to prove that an unchanged file keeps every byte.
 *
 *   roundtrip PLAN.yaml|builtin:ID village|enterprise|town FILE */
#include "model/unit.h"
#include "util/fsutil.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 4) {
        fputs("usage: roundtrip PLAN.yaml|builtin:ID KIND FILE\n", stderr);
        return 2;
    }
    text_init_locale();
    diag_list dl = DIAG_LIST_INIT;
    plan p;
    bool ok = strncmp(argv[1], "builtin:", 8) == 0 ? plan_load_builtin(&p, argv[1] + 8, &dl)
                                                   : plan_load_file(&p, argv[1], &dl);
    unit_kind kind;
    if (!ok || !unit_kind_parse(argv[2], &kind)) {
        diag_print(&dl, stderr);
        return 1;
    }
    char *buf;
    size_t len;
    if (fs_read_file(argv[3], UNIT_MAX_BYTES, &buf, &len, NULL, &dl) != FS_OK) {
        diag_print(&dl, stderr);
        return 1;
    }
    char *copy = xstrdup(argv[3]);
    char *base = basename(copy);
    char *dot = strrchr(base, '.');
    if (dot)
        *dot = '\0';
    unit *u = unit_parse(&p, argv[3], buf, len, kind == KIND_TOWN ? "town" : base, kind, &dl);
    strbuf out = STRBUF_INIT;
    if (!u || !unit_write(u, &out, argv[3], &dl)) {
        diag_print(&dl, stderr);
        return 1;
    }
    fwrite(sb_str(&out), 1, out.len, stdout);
    sb_free(&out);
    unit_free(u);
    free(buf);
    free(copy);
    plan_free(&p);
    return 0;
}
