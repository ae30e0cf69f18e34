#!/usr/bin/python3
"""The import dialog at 360 px and in Chinese: the file chooser, the dry
run's counts and the refused row in zh_CN, Import and the toast's 撤销
(Undo). Screenshots of the dialog, narrow and in Chinese."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402
from test_import import CHINESE, DATA, EN, ZH, choose_file, import_and_undo, wait_text  # noqa: E402


def test(workdir):
    narrow = r.App(workdir, name='narrow', width=360, height=700)
    try:
        narrow.explore_sample()
        narrow.wait_in_list('Ana Ribeiro')
        dialog = choose_file(narrow, os.path.abspath(os.path.join(DATA, 'ui-import.csv')), EN)
        wait_text(narrow, dialog, EN['counts'])
        narrow.screenshot_of('import-dialog-narrow', dialog)
    finally:
        narrow.quit()

    chinese = r.App(workdir, name='zh', env=ZH)
    try:
        chinese.explore_sample(CHINESE['sample'])
        chinese.wait_in_list('Ana Ribeiro')
        import_and_undo(chinese, CHINESE, 'import-dialog-zh')
    finally:
        chinese.quit()


if __name__ == '__main__':
    r.run(test)
