/* qtown — a town's quality programme as keyboard-driven checklists. */
#include "cli/cli.h"

int main(int argc, char **argv)
{
    return cli_run(argc, argv);
}
