#include "model/config.h"

#include "model/ids.h"
#include "yaml/ydecode.h"
#include "yaml/ywriter.h"

#include <string.h>

bool config_parse(ws_config *cfg, arena *mem, const char *path, const char *buf, size_t len,
                  diag_list *dl)
{
    static const char *const keys[] = {"town",           "year",       "plan",   "language",
                                       "inspector",      "inspectors", "sample", "expiring_days",
                                       "unvisited_days", NULL};
    static const ylimits limits = {.max_depth = CONFIG_MAX_DEPTH,
                                   .max_scalar = CONFIG_MAX_TEXT,
                                   .max_nodes = CONFIG_MAX_NODES};
    memset(cfg, 0, sizeof *cfg);
    ydec d = {.path = path, .mem = mem, .dl = dl};
    ydoc doc;
    if (!ydoc_parse(&doc, mem, path, buf, len, &limits, dl))
        return false;
    if (!doc.root) {
        diag_add(dl, path, 1, 1, TR(M_CONFIG_EMPTY));
        return false;
    }
    const ynode *root = doc.root;
    if (!yd_is_map(&d, root, M_W_QTOWN_YAML))
        return false;
    yd_known_keys(&d, root, keys, M_W_QTOWN_YAML);
    /* The town's name and the inspectors' end up in unit files: they obey
     * the same rules as there (a name, 'by'). */
    cfg->town = yd_line(&d, ynode_get(root, "town"), M_W_TOWN, UNIT_MAX_NAME);
    if (cfg->town && !*cfg->town)
        yd_error(&d, ynode_get(root, "town"), TR(M_CONFIG_TOWN_EMPTY));
    const ynode *n;
    long long year;
    if ((n = ynode_get(root, "year")) && yd_integer(&d, n, M_W_YEAR, 1900, 9999, &year))
        cfg->year = (int)year;
    n = yd_require(&d, root, "plan", M_W_QTOWN_YAML);
    cfg->plan_id = yd_text(&d, n, M_W_PLAN_KEY);
    if (cfg->plan_id && !id_is_check_id(cfg->plan_id))
        yd_error(&d, n, TR(M_CONFIG_BAD_PLAN_ID), cfg->plan_id);
    if ((n = ynode_get(root, "language"))) {
        cfg->language = yd_text(&d, n, M_W_LANGUAGE);
        if (cfg->language && strcmp(cfg->language, "zh") && strcmp(cfg->language, "en"))
            yd_error(&d, n, TR(M_CONFIG_BAD_LANGUAGE), cfg->language);
    }
    cfg->inspector = yd_line(&d, ynode_get(root, "inspector"), M_W_INSPECTOR, UNIT_MAX_NAME);
    if ((n = ynode_get(root, "inspectors")) && yd_is_seq(&d, n, M_W_INSPECTORS)) {
        cfg->n_inspectors = n->count;
        cfg->inspectors = arena_array(mem, n->count, sizeof *cfg->inspectors);
        for (size_t i = 0; i < n->count; i++)
            cfg->inspectors[i] = yd_line(&d, n->values[i], M_W_AN_INSPECTOR, UNIT_MAX_NAME);
    }
    if ((n = ynode_get(root, "sample")))
        yd_bool(&d, n, M_W_SAMPLE, &cfg->sample);
    long long days;
    if ((n = ynode_get(root, "expiring_days")) &&
        yd_integer(&d, n, M_W_EXPIRING_DAYS, 0, CONFIG_MAX_DAYS, &days)) {
        cfg->expiring_days = (int)days;
        cfg->has_expiring_days = true;
    }
    if ((n = ynode_get(root, "unvisited_days")) &&
        yd_integer(&d, n, M_W_UNVISITED_DAYS, 1, CONFIG_MAX_DAYS, &days))
        cfg->unvisited_days = (int)days;
    return d.errors == 0;
}

bool config_write(const ws_config *cfg, strbuf *out, const char *path, diag_list *dl)
{
    ywriter *w = yw_new(out);
    yw_map_begin(w);
    if (cfg->town)
        yw_pair_text(w, "town", cfg->town);
    if (cfg->year) {
        yw_token(w, "year");
        yw_number(w, cfg->year);
    }
    yw_token(w, "plan");
    yw_token(w, cfg->plan_id);
    if (cfg->language) {
        yw_token(w, "language");
        yw_token(w, cfg->language);
    }
    if (cfg->inspector)
        yw_pair_text(w, "inspector", cfg->inspector);
    if (cfg->n_inspectors) {
        yw_token(w, "inspectors");
        yw_seq_begin(w);
        for (size_t i = 0; i < cfg->n_inspectors; i++)
            yw_text(w, cfg->inspectors[i]);
        yw_seq_end(w);
    }
    if (cfg->sample) {
        yw_token(w, "sample");
        yw_bool(w, true);
    }
    if (cfg->has_expiring_days) {
        yw_token(w, "expiring_days");
        yw_number(w, cfg->expiring_days);
    }
    if (cfg->unvisited_days) {
        yw_token(w, "unvisited_days");
        yw_number(w, cfg->unvisited_days);
    }
    yw_map_end(w);
    return yw_finish(w, path, dl);
}
