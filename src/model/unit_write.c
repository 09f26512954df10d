/* The unit writer: struct unit -> the file's bytes, in the fixed form
 * of docs/unit-format.md. */
#include "model/unit.h"

#include "model/timestamp.h"
#include "yaml/ydecode.h"
#include "yaml/ywriter.h"

#include <string.h>

static void write_number_text(ywriter *w, const char *text, double v)
{
    double check;
    if (text && yd_parse_number(text, &check) && check == v)
        yw_typed(w, text);
    else
        yw_number(w, v);
}

static void write_when(ywriter *w, const char *s)
{
    if (timestamp_valid(s))
        yw_typed(w, s);
    else
        yw_text(w, s);
}

static void write_attributes(ywriter *w, const unit *u)
{
    yw_token(w, "attributes");
    yw_map_begin(w);
    for (size_t i = 0; i < u->n_attrs; i++) {
        const unit_attr *a = &u->attrs[i];
        yw_token(w, a->key);
        bool b;
        switch (a->type) {
        case ATTR_NUMBER:
            write_number_text(w, a->text, a->number);
            break;
        case ATTR_BOOL:
            if (yd_parse_bool(a->text, &b) && b == a->boolean)
                yw_typed(w, a->text);
            else
                yw_bool(w, a->boolean);
            break;
        default:
            yw_text(w, a->text);
        }
    }
    yw_map_end(w);
}

static void write_record(ywriter *w, const unit_record *r)
{
    yw_map_begin(w);
    yw_token(w, "id");
    yw_token(w, r->id);
    for (size_t i = 0; i < r->kind->n_fields; i++) {
        const field_def *f = &r->kind->fields[i];
        const record_value *v = &r->values[i];
        if (!record_value_present(v))
            continue;
        yw_token(w, f->key);
        if (v->items) {
            yw_flow_seq_begin(w);
            for (size_t j = 0; j < v->n_items; j++)
                yw_text(w, v->items[j]);
            yw_seq_end(w);
        } else if (f->type == FIELD_DATE || f->type == FIELD_TIME) {
            write_when(w, v->text);
        } else {
            yw_text(w, v->text);
        }
    }
    if (r->updated) {
        yw_token(w, "updated");
        write_when(w, r->updated);
    }
    if (r->by) {
        yw_token(w, "by");
        yw_text(w, r->by);
    }
    yw_map_end(w);
}

/* The lists of records of check c (NULL: the unit's own). */
static void write_records(ywriter *w, const unit *u, const plan_check *c)
{
    for (size_t k = 0; k < n_record_kinds; k++) {
        const record_kind *kind = record_kinds[k];
        bool started = false;
        for (size_t i = 0; i < u->n_records; i++) {
            const unit_record *r = &u->records[i];
            if (r->kind != kind || r->check != c)
                continue;
            if (!started) {
                yw_token(w, kind->list_key);
                yw_seq_begin(w);
                started = true;
            }
            write_record(w, r);
        }
        if (started)
            yw_seq_end(w);
    }
}

static void write_check(ywriter *w, const unit *u, const check_state *cs)
{
    yw_token(w, cs->check->id);
    yw_map_begin(w);
    yw_token(w, "status");
    yw_token(w, status_name(cs->status));
    if (cs->has_value) {
        yw_token(w, "value");
        write_number_text(w, cs->value_text, cs->value);
    }
    if (cs->note) {
        yw_token(w, "note");
        yw_text(w, cs->note);
    }
    if (cs->updated) {
        yw_token(w, "updated");
        write_when(w, cs->updated);
    }
    if (cs->by) {
        yw_token(w, "by");
        yw_text(w, cs->by);
    }
    write_records(w, u, cs->check);
    yw_map_end(w);
}

static void write_optional_text(ywriter *w, const char *key, const char *text)
{
    if (text)
        yw_pair_text(w, key, text);
}

static void write_history_entry(ywriter *w, const history_entry *h)
{
    yw_flow_map_begin(w);
    yw_token(w, "at");
    write_when(w, h->at ? h->at : "");
    write_optional_text(w, "by", h->by);
    write_optional_text(w, "check", h->check);
    write_optional_text(w, "record", h->record);
    if (h->has_status) {
        yw_token(w, "from");
        yw_token(w, status_name(h->from));
        yw_token(w, "to");
        yw_token(w, status_name(h->to));
    }
    if (h->has_value) {
        yw_token(w, "value");
        write_number_text(w, h->value_text, h->value);
    }
    write_optional_text(w, "key", h->key);
    write_optional_text(w, "old", h->old);
    write_optional_text(w, "new", h->new_);
    write_optional_text(w, "note", h->note);
    write_optional_text(w, "event", h->event);
    yw_map_end(w);
}

bool unit_write(const unit *u, strbuf *out, const char *path, diag_list *dl)
{
    ywriter *w = yw_new(out);
    yw_map_begin(w);
    yw_token(w, "id");
    yw_token(w, u->id);
    yw_token(w, "kind");
    yw_token(w, unit_kind_name(u->kind));
    yw_pair_text(w, "name", u->name);
    if (u->n_attrs)
        write_attributes(w, u);
    yw_token(w, "checks");
    yw_map_begin(w);
    for (size_t i = 0; i < u->n_checks; i++)
        write_check(w, u, &u->checks[i]);
    yw_map_end(w);
    write_records(w, u, NULL);
    if (u->n_history) {
        yw_token(w, "history");
        yw_seq_begin(w);
        for (size_t i = 0; i < u->n_history; i++)
            write_history_entry(w, &u->history[i]);
        yw_seq_end(w);
    }
    yw_map_end(w);
    return yw_finish(w, path, dl);
}
