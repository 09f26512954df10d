/* unitdump — loads every unit of a workspace through the library and
 * prints their check states and history as tab-separated lines, so that
 * tests written in any language can compare what is on disk with what they
 * asked for without a second YAML reader.
 *
 *   unitdump WORKSPACE
 *
 *   unit   KIND ID
 *   state  ID CHECK STATUS VALUE NOTE BY
 *   hist   ID CHECK FROM TO VALUE EVENT NOTE RECORD KEY OLD NEW BY
 *
 * VALUE, NOTE, BY and EVENT are "-" when absent; text has '\\', tab and
 * newline escaped as \\\\, \\t and \\n.  Exits 1 (errors on stderr) when a
 * unit does not load. */
#include "model/workspace.h"
#include "util/text.h"

#include <stdio.h>

static void put_text(const char *s)
{
    putchar('\t');
    if (!s) {
        putchar('-');
        return;
    }
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\\\", stdout);
        else if (*s == '\t')
            fputs("\\t", stdout);
        else if (*s == '\n')
            fputs("\\n", stdout);
        else
            putchar(*s);
    }
}

static void dump_unit(const unit *u)
{
    printf("unit\t%s\t%s\n", unit_kind_name(u->kind), u->id);
    for (size_t i = 0; i < u->n_checks; i++) {
        const check_state *cs = &u->checks[i];
        printf("state\t%s\t%s\t%s", u->id, cs->check->id, status_name(cs->status));
        put_text(cs->has_value ? cs->value_text : NULL);
        put_text(cs->note);
        put_text(cs->by);
        putchar('\n');
    }
    for (size_t i = 0; i < u->n_history; i++) {
        const history_entry *h = &u->history[i];
        printf("hist\t%s\t%s\t%s\t%s", u->id, h->check ? h->check : "-",
               h->has_status ? status_name(h->from) : "-",
               h->has_status ? status_name(h->to) : "-");
        put_text(h->has_value ? h->value_text : NULL);
        put_text(h->event);
        put_text(h->note);
        put_text(h->record);
        put_text(h->key);
        put_text(h->old);
        put_text(h->new_);
        put_text(h->by);
        putchar('\n');
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: unitdump WORKSPACE\n", stderr);
        return 2;
    }
    text_init_locale();
    diag_list dl = DIAG_LIST_INIT;
    workspace ws;
    if (!workspace_open(&ws, argv[1], &dl)) {
        diag_print(&dl, stderr);
        diag_clear(&dl);
        return 1;
    }
    bool ok = workspace_load_units(&ws, &dl);
    for (size_t i = 0; i < ws.n_units; i++)
        if (ws.units[i].u)
            dump_unit(ws.units[i].u);
    diag_print(&dl, stderr);
    diag_clear(&dl);
    workspace_close(&ws);
    return ok ? 0 : 1;
}
