<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Qt's own texts that PySide6's qtbase_zh_CN.qm leaves untranslated (Qt 6 added the & accelerators to
     these sources), seen in Qt's file dialog where no native one is used (tests/test_dialogs_zh.py).
     Compile with: pyside6-lrelease resources/i18n/qtbase_extra_zh_CN.ts -->
<TS version="2.1" language="zh_CN">
    <context>
        <name>QFileDialog</name>
        <message>
            <source>&amp;Look in:</source>
            <translation>查找范围(&amp;L)：</translation>
        </message>
        <message>
            <source>Files of &amp;type:</source>
            <translation>文件类型(&amp;T)：</translation>
        </message>
    </context>
</TS>
