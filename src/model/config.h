/* config — the workspace settings file, qtown.yaml. */
#ifndef QTOWN_CONFIG_H
#define QTOWN_CONFIG_H

#include "model/workspace.h"

bool config_parse(ws_config *cfg, arena *mem, const char *path, const char *buf, size_t len,
                  diag_list *dl);
bool config_write(const ws_config *cfg, strbuf *out, const char *path, diag_list *dl);

#endif
