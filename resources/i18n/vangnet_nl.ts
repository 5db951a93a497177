<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nl_NL">
<context>
    <name>ConsoleController</name>
    <message>
        <location filename="../../console/ui/controller.py" line="63" />
        <source>saving…</source>
        <translation>opslaan…</translation>
    </message>
    <message>
        <location filename="../../console/ui/controller.py" line="68" />
        <location filename="../../console/ui/controller.py" line="78" />
        <source>NOT saved: %1</source>
        <translation>NIET opgeslagen: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/controller.py" line="83" />
        <source>saved %1</source>
        <translation>opgeslagen %1</translation>
    </message>
</context>
<context>
    <name>JournalTailModel</name>
    <message>
        <location filename="../../console/ui/models.py" line="29" />
        <source>Time</source>
        <translation>Tijd</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="30" />
        <source>Position</source>
        <translation>Positie</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="31" />
        <source>Operator</source>
        <translation>Centralist</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="32" />
        <source>Kind</source>
        <translation>Soort</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="33" />
        <source>What</source>
        <translation>Wat</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="72" />
        <source>Drill entry</source>
        <translation>Oefenregel</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../console/ui/main_window.py" line="40" />
        <source>Vangnet — fallback radio console</source>
        <translation>Vangnet — terugvalconsole radio</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="42" />
        <source>TRAINING — simulated radios, nothing here is a real incident</source>
        <translation>OEFENING — gesimuleerde portofoons, niets hier is een echte inzet</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="55" />
        <source>Journal note (Ctrl+Enter saves)</source>
        <translation>Journaalnotitie (Ctrl+Enter slaat op)</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="57" />
        <source>Save note</source>
        <translation>Notitie opslaan</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="59" />
        <source>Save note (Ctrl+Enter)</source>
        <translation>Notitie opslaan (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="68" />
        <source>Radios</source>
        <translation>Portofoons</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="69" />
        <source>Journal</source>
        <translation>Journaal</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="80" />
        <source>Journal: %1</source>
        <translation>Journaal: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="81" />
        <location filename="../../console/ui/main_window.py" line="114" />
        <source>Saving: OK</source>
        <translation>Opslaan: in orde</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="117" />
        <source>the disk is full</source>
        <translation>de schijf is vol</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="118" />
        <source>the journal file is read-only</source>
        <translation>het journaalbestand is alleen-lezen</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="119" />
        <source>the disk reports an I/O error</source>
        <translation>de schijf meldt een lees-/schrijffout</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="120" />
        <source>another program holds the journal</source>
        <translation>een ander programma houdt het journaal vast</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="121" />
        <source>the journal file cannot be opened</source>
        <translation>het journaalbestand kan niet worden geopend</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="123" />
        <source>an unknown error</source>
        <translation>een onbekende fout</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="125" />
        <source>JOURNAL CANNOT SAVE: %1. New entries are NOT being kept. Keep notes on paper; saving resumes by itself.</source>
        <translation>JOURNAAL KAN NIET OPSLAAN: %1. Nieuwe regels worden NIET bewaard. Noteer op papier; opslaan hervat vanzelf.</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="128" />
        <source>Saving: FAILING</source>
        <translation>Opslaan: MISLUKT</translation>
    </message>
</context>
<context>
    <name>RadioHealthModel</name>
    <message>
        <location filename="../../console/ui/models.py" line="77" />
        <source>Radio</source>
        <translation>Portofoon</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="78" />
        <source>Link</source>
        <translation>Verbinding</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="79" />
        <source>Signal</source>
        <translation>Signaal</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="80" />
        <source>Battery</source>
        <translation>Accu</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="81" />
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="82" />
        <source>Talkgroup</source>
        <translation>Gespreksgroep</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="83" />
        <source>Last heard</source>
        <translation>Laatst gehoord</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="114" />
        <source>connected</source>
        <translation>verbonden</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="114" />
        <source>LOST</source>
        <translation>VERLOREN</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="115" />
        <source>unknown</source>
        <translation>onbekend</translation>
    </message>
</context>
</TS>