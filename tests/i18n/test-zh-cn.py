#!/usr/bin/env python3
# test-zh-cn.py: rapport-cli and rapport-server speak Simplified Chinese in a
# zh_CN.UTF-8 session, using the catalogue compiled in the build tree.
#
#   test-zh-cn.py RAPPORT_CLI RAPPORT_SERVER LOCALEDIR
#
# LOCALEDIR is the build tree's po/ folder (po/zh_CN/LC_MESSAGES/rapport.mo);
# the programs read it from RAPPORT_LOCALEDIR. The same commands in the C
# locale must stay English, so a check cannot pass by accident.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import subprocess
import sys
import tempfile

cli, server, localedir = sys.argv[1:4]
failures = 0
tests = 0


def locale_exists(name):
    result = subprocess.run(['locale', '-a'], capture_output=True, text=True)
    wanted = name.lower().replace('-', '')
    return any(line.strip().lower().replace('-', '') == wanted
               for line in result.stdout.splitlines())


def run(args, lang, stdin=None):
    env = dict(os.environ)
    env.pop('LC_ALL', None)
    env.pop('LANGUAGE', None)
    env['RAPPORT_LOCALEDIR'] = localedir
    if lang == 'zh_CN':
        env.update(LANGUAGE='zh_CN', LANG='zh_CN.UTF-8', LC_ALL='zh_CN.UTF-8')
    else:
        env.update(LANG='C.UTF-8', LC_ALL='C.UTF-8')
    return subprocess.run(args, capture_output=True, text=True, env=env, input=stdin,
                          encoding='utf-8', timeout=60)


def expect(name, result, stream, chinese, english, returncode=None):
    """Checks that each of the chinese (or english) strings is in the output."""
    global failures, tests
    tests += 1
    text = getattr(result, stream)
    ok = all(s in text for s in (chinese or []) + (english or []))
    if returncode is not None and result.returncode != returncode:
        ok = False
    print(f'{"ok" if ok else "not ok"} {tests} - {name}')
    if not ok:
        failures += 1
        print(f'# exit status {result.returncode}; {stream}:\n# ' +
              text.replace('\n', '\n# '))


if not os.path.isfile(os.path.join(localedir, 'zh_CN', 'LC_MESSAGES', 'rapport.mo')):
    print(f'Bail out! no compiled zh_CN catalogue under {localedir}')
    sys.exit(1)
if not locale_exists('zh_CN.UTF-8'):
    print('Bail out! the zh_CN.UTF-8 locale is missing; build-aux/setup.sh generates it '
          '(or: sed -i "s/^# *zh_CN.UTF-8/zh_CN.UTF-8/" /etc/locale.gen && locale-gen)')
    sys.exit(1)

with tempfile.TemporaryDirectory() as tmp:
    os.environ['RAPPORT_NO_KEYRING'] = '1'
    os.environ['XDG_CONFIG_HOME'] = os.path.join(tmp, 'config')
    os.environ['XDG_DATA_HOME'] = os.path.join(tmp, 'data')
    database = os.path.join(tmp, 'rapport.db')
    server_db = os.path.join(tmp, 'server.db')

    status = run([cli, '--database', database, 'status'], 'zh_CN')
    expect('status labels and values in Chinese', status, 'stdout',
           ['数据库:', '服务器:', '已登录:', '否', '待发送的改动:', '冲突:', '上次同步:',
            '从未同步'], None, 0)
    status_c = run([cli, '--database', database, 'status'], 'C')
    expect('status in English in the C locale', status_c, 'stdout',
           None, ['Database:', 'Pending changes:', 'never'], 0)

    bad_email = [cli, '--database', database, 'add', 'contact',
                 '--set', 'first_name=李娜', '--set', 'emails=work:li-na-at-example']
    result = run(bad_email, 'zh_CN')
    expect('a bad email address is refused in Chinese', result, 'stderr',
           ['“li-na-at-example”不是有效的电子邮件地址'], None, 1)
    result = run(bad_email, 'C')
    expect('a bad email address is refused in English in the C locale', result, 'stderr',
           None, ['“li-na-at-example” is not a valid email address'], 1)

    result = run([cli, '--database', database, 'add', 'contact', '--set', 'notes=x'], 'zh_CN')
    expect('a contact without a name is refused in Chinese', result, 'stderr',
           ['联系人至少要有姓名或电子邮件地址'], None, 1)

    def add(*args):
        return run([cli, '--database', database, 'add', *args], 'C').stdout.strip()

    product = add('product', '--set', 'sku=LS-1', '--set', 'name=螺栓')
    quote = add('quote', '--set', 'title=螺栓报价', '--set', 'currency=CNY')
    add('quote_line', '--set', f'quote_id={quote}', '--set', f'product_id={product}',
        '--set', 'qty_milli=2000', '--set', 'unit_price_x100=150000')
    result = run([cli, '--database', database, 'delete', 'product', product], 'zh_CN')
    expect('a product on a quote line is kept, said in Chinese', result, 'stderr',
           ['已用于 1 个报价单行项目，不能删除，请改为归档'], None, 1)
    price_list = add('price_list', '--set', 'name=经销商', '--set', 'currency=CNY')
    result = run([cli, '--database', database, 'add', 'price_list_item', '--set',
                  f'price_list_id={price_list}', '--set', 'name=九折', '--set', 'rule=percent_off'],
                 'zh_CN')
    expect('a price rule without its discount is refused in Chinese', result, 'stderr',
           ['按标价打折需要填写折扣'], None, 1)

    result = run([cli, '--help'], 'zh_CN')
    expect('--help lists the commands in Chinese', result, 'stdout',
           ['命令：', '登录 Rapport 服务器', '解决冲突', '搜索可检索类型的记录'], None)

    result = run([cli, 'frobnicate'], 'zh_CN')
    expect('an unknown command is named in Chinese', result, 'stderr',
           ['没有“frobnicate”这个命令'], None)

    result = run([server, 'frobnicate'], 'zh_CN')
    expect('rapport-server: an unknown command in Chinese', result, 'stderr',
           ['未知命令“frobnicate”', '请尝试“rapport-server --help”。'], None, 2)
    result = run([server, 'user', 'add', 'lina', '--role', 'rep', '--password-stdin',
                  '--database', server_db], 'zh_CN', stdin='short\n')
    expect('rapport-server: a short password is refused in Chinese', result, 'stderr',
           ['密码至少需要 8 个字符'], None, 2)
    result = run([server, 'frobnicate'], 'C')
    expect('rapport-server: English in the C locale', result, 'stderr',
           None, ['Unknown command “frobnicate”'], 2)

print(f'1..{tests}')
sys.exit(1 if failures else 0)
