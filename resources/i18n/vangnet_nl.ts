<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>AlarmBanner</name>
    <message>
        <location filename="../../console/ui/alarm_banner.py" line="227"/>
        <source>No alarm sound: %1</source>
        <translation>Geen alarmgeluid: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/alarm_banner.py" line="256"/>
        <source>Acknowledge</source>
        <translation>Bevestigen</translation>
    </message>
    <message>
        <location filename="../../console/ui/alarm_banner.py" line="257"/>
        <source>Acknowledge this alarm (%1 acknowledges the newest)</source>
        <translation>Dit alarm bevestigen (%1 bevestigt het nieuwste)</translation>
    </message>
    <message>
        <location filename="../../console/ui/alarm_banner.py" line="269"/>
        <source>EMERGENCY — status 0</source>
        <translation>NOODSIGNAAL — status 0</translation>
    </message>
    <message>
        <location filename="../../console/ui/alarm_banner.py" line="270"/>
        <source>EMERGENCY CALL</source>
        <translation>NOODOPROEP</translation>
    </message>
    <message>
        <location filename="../../console/ui/alarm_banner.py" line="271"/>
        <source>EMERGENCY — location report</source>
        <translation>NOODSIGNAAL — locatiemelding</translation>
    </message>
    <message>
        <location filename="../../console/ui/alarm_banner.py" line="272"/>
        <source>EMERGENCY</source>
        <translation>NOODSIGNAAL</translation>
    </message>
    <message>
        <location filename="../../console/ui/alarm_banner.py" line="276"/>
        <source>DRILL</source>
        <translation>OEFENING</translation>
    </message>
    <message>
        <location filename="../../console/ui/alarm_banner.py" line="278"/>
        <source>not yet in the journal</source>
        <translation>nog niet in het journaal</translation>
    </message>
    <message>
        <location filename="../../console/ui/alarm_banner.py" line="281"/>
        <source>Talkgroup %1 · heard on %2 · raised %3</source>
        <translation>Gespreksgroep %1 · gehoord op %2 · gemeld %3</translation>
    </message>
    <message>
        <location filename="../../console/ui/alarm_banner.py" line="282"/>
        <source>unknown</source>
        <translation>onbekend</translation>
    </message>
    <message>
        <location filename="../../console/ui/alarm_banner.py" line="286"/>
        <source>%1 times, last %2</source>
        <translation>%1 keer, laatst %2</translation>
    </message>
    <message>
        <location filename="../../console/ui/alarm_banner.py" line="293"/>
        <source>Last position: unknown</source>
        <translation>Laatste positie: onbekend</translation>
    </message>
    <message>
        <location filename="../../console/ui/alarm_banner.py" line="296"/>
        <source>Last position: %1, %2 (%3 ago)</source>
        <translation>Laatste positie: %1, %2 (%3 geleden)</translation>
    </message>
    <message>
        <location filename="../../console/ui/alarm_banner.py" line="301"/>
        <source>OVERDUE — %1</source>
        <translation>TE LAAT — %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/alarm_banner.py" line="308"/>
        <source>%1 open emergencies, newest on top</source>
        <translation>%1 open noodmeldingen, nieuwste bovenaan</translation>
    </message>
    <message>
        <location filename="../../console/ui/alarm_banner.py" line="311"/>
        <source>%1 OVERDUE</source>
        <translation>%1 TE LAAT</translation>
    </message>
    <message>
        <location filename="../../console/ui/alarm_banner.py" line="317"/>
        <source>unknown unit</source>
        <translation>onbekende eenheid</translation>
    </message>
    <message>
        <location filename="../../console/ui/alarm_banner.py" line="323"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../../console/ui/alarm_banner.py" line="325"/>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location filename="../../console/ui/alarm_banner.py" line="326"/>
        <source>%1 h</source>
        <translation>%1 u</translation>
    </message>
</context>
<context>
    <name>AlreadyRunningDialog</name>
    <message>
        <location filename="../../console/ui/already_running.py" line="38"/>
        <source>Vangnet — position already running</source>
        <translation>Vangnet — positie draait al</translation>
    </message>
    <message>
        <location filename="../../console/ui/already_running.py" line="41"/>
        <source>This position is already running.</source>
        <translation>Deze positie draait al.</translation>
    </message>
    <message>
        <location filename="../../console/ui/already_running.py" line="44"/>
        <source>It has not said where yet. Folder: %1</source>
        <translation>Waar precies is nog niet bekend. Map: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/already_running.py" line="46"/>
        <source>Started %1 on computer %2 (process %3).
Journal: %4</source>
        <translation>Gestart %1 op computer %2 (proces %3).
Journaal: %4</translation>
    </message>
    <message>
        <location filename="../../console/ui/already_running.py" line="52"/>
        <source>Use the window that is already open. Or start a second position here: it has its own journal and its own id.</source>
        <translation>Gebruik het venster dat al open is. Of start hier een tweede positie: die heeft een eigen journaal en een eigen id.</translation>
    </message>
    <message>
        <location filename="../../console/ui/already_running.py" line="55"/>
        <source>Start a second position</source>
        <translation>Start een tweede positie</translation>
    </message>
    <message>
        <location filename="../../console/ui/already_running.py" line="56"/>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <location filename="../../console/ui/already_running.py" line="90"/>
        <source>Position %1</source>
        <translation>Positie %1</translation>
    </message>
</context>
<context>
    <name>ConsoleController</name>
    <message>
        <location filename="../../console/ui/controller.py" line="371"/>
        <source>saving…</source>
        <translation>opslaan…</translation>
    </message>
    <message>
        <location filename="../../console/ui/controller.py" line="298"/>
        <location filename="../../console/ui/controller.py" line="380"/>
        <source>NOT saved: %1</source>
        <translation>NIET opgeslagen: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/controller.py" line="118"/>
        <source>Talkgroup plan: FICTITIOUS demo data</source>
        <translation>Gespreksgroepenplan: FICTIEF (demo)</translation>
    </message>
    <message>
        <location filename="../../console/ui/controller.py" line="306"/>
        <source>%1: done, but NOT saved in the journal</source>
        <translation>%1: gelukt, maar NIET opgeslagen in het journaal</translation>
    </message>
    <message>
        <location filename="../../console/ui/controller.py" line="309"/>
        <source>%1: done</source>
        <translation>%1: gelukt</translation>
    </message>
    <message>
        <location filename="../../console/ui/controller.py" line="352"/>
        <source>sent, but NOT saved in the journal</source>
        <translation>verstuurd, maar NIET opgeslagen in het journaal</translation>
    </message>
    <message>
        <location filename="../../console/ui/controller.py" line="385"/>
        <source>saved %1</source>
        <translation>opgeslagen %1</translation>
    </message>
</context>
<context>
    <name>HelpOverlay</name>
    <message>
        <location filename="../../console/ui/help_overlay.py" line="13"/>
        <source>Push-to-talk on radio 1 … 8 (hold)</source>
        <translation>Zenden op portofoon 1 … 8 (ingedrukt houden)</translation>
    </message>
    <message>
        <location filename="../../console/ui/help_overlay.py" line="14"/>
        <source>Push-to-talk on the selected radio (hold)</source>
        <translation>Zenden op de gekozen portofoon (ingedrukt houden)</translation>
    </message>
    <message>
        <location filename="../../console/ui/help_overlay.py" line="16"/>
        <source>Select radio 1 … 8</source>
        <translation>Kies portofoon 1 … 8</translation>
    </message>
    <message>
        <location filename="../../console/ui/help_overlay.py" line="17"/>
        <source>Choose talkgroup of the selected radio</source>
        <translation>Gespreksgroep kiezen voor de gekozen portofoon</translation>
    </message>
    <message>
        <location filename="../../console/ui/help_overlay.py" line="18"/>
        <source>Hold the selected radio on its group</source>
        <translation>Gekozen portofoon vasthouden op zijn groep</translation>
    </message>
    <message>
        <location filename="../../console/ui/help_overlay.py" line="19"/>
        <source>Acknowledge the newest emergency</source>
        <translation>Nieuwste noodmelding bevestigen</translation>
    </message>
    <message>
        <location filename="../../console/ui/help_overlay.py" line="20"/>
        <source>Search the unit board</source>
        <translation>Zoeken in het statusbord</translation>
    </message>
    <message>
        <location filename="../../console/ui/help_overlay.py" line="21"/>
        <source>Give the selected unit an alias</source>
        <translation>Gekozen eenheid een alias geven</translation>
    </message>
    <message>
        <location filename="../../console/ui/help_overlay.py" line="22"/>
        <source>Answer the first talk request</source>
        <translation>Eerste spraakaanvraag beantwoorden</translation>
    </message>
    <message>
        <location filename="../../console/ui/help_overlay.py" line="23"/>
        <source>Write an SDS message</source>
        <translation>SDS-bericht schrijven</translation>
    </message>
    <message>
        <location filename="../../console/ui/help_overlay.py" line="24"/>
        <source>Write a journal note</source>
        <translation>Journaalnotitie schrijven</translation>
    </message>
    <message>
        <location filename="../../console/ui/help_overlay.py" line="25"/>
        <source>Save the note / send the message</source>
        <translation>Notitie opslaan / bericht versturen</translation>
    </message>
    <message>
        <location filename="../../console/ui/help_overlay.py" line="26"/>
        <source>Go to the journal</source>
        <translation>Naar het journaal</translation>
    </message>
    <message>
        <location filename="../../console/ui/help_overlay.py" line="27"/>
        <source>Show all start-up notices, or fewer</source>
        <translation>Alle startmeldingen tonen, of minder</translation>
    </message>
    <message>
        <location filename="../../console/ui/help_overlay.py" line="28"/>
        <source>Show or hide this help</source>
        <translation>Deze hulp tonen of verbergen</translation>
    </message>
    <message>
        <location filename="../../console/ui/help_overlay.py" line="41"/>
        <source>Keyboard shortcuts — any key closes this</source>
        <translation>Sneltoetsen — elke toets sluit dit venster</translation>
    </message>
</context>
<context>
    <name>HistoryProgress</name>
    <message>
        <location filename="../../console/ui/history_progress.py" line="38"/>
        <source>Reading the journal&apos;s history: %1 of %2 entries.</source>
        <translation>Geschiedenis van het journaal inlezen: %1 van %2 regels.</translation>
    </message>
    <message>
        <location filename="../../console/ui/history_progress.py" line="42"/>
        <source>Reading the journal&apos;s history: %1 entries.</source>
        <translation>Geschiedenis van het journaal inlezen: %1 regels.</translation>
    </message>
    <message>
        <location filename="../../console/ui/history_progress.py" line="45"/>
        <source>The unit board, journal and messages are brought up to date when it is done; radios, PTT, emergency alarms and notes work now.</source>
        <translation>Eenhedenbord, journaal en berichten worden bijgewerkt zodra dat klaar is; radio&apos;s, PTT, noodalarmen en notities werken nu al.</translation>
    </message>
</context>
<context>
    <name>JournalTailModel</name>
    <message>
        <location filename="../../console/ui/models.py" line="56"/>
        <source>Time</source>
        <translation>Tijd</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="57"/>
        <source>Position</source>
        <translation>Positie</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="58"/>
        <source>Operator</source>
        <translation>Centralist</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="59"/>
        <source>Kind</source>
        <translation>Soort</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="60"/>
        <source>What</source>
        <translation>Wat</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="102"/>
        <source>Drill entry</source>
        <translation>Oefenregel</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="104"/>
        <source>This computer&apos;s clock went back: time as the clock gave it, order as the journal holds it</source>
        <translation>De klok van deze computer liep terug: tijd volgens de klok, volgorde volgens het journaal</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../console/ui/main_window.py" line="80"/>
        <source>Vangnet — fallback radio console</source>
        <translation>Vangnet — terugvalconsole radio</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="86"/>
        <source>TRAINING — simulated radios, nothing here is a real incident</source>
        <translation>OEFENING — gesimuleerde portofoons, niets hier is een echte inzet</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="100"/>
        <source>Journal note (Ctrl+Enter saves)</source>
        <translation>Journaalnotitie (Ctrl+Enter slaat op)</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="102"/>
        <source>Save note</source>
        <translation>Notitie opslaan</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="104"/>
        <source>Save note (Ctrl+Enter)</source>
        <translation>Notitie opslaan (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="145"/>
        <source>Radios</source>
        <translation>Portofoons</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="121"/>
        <source>Journal</source>
        <translation>Journaal</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="82"/>
        <source>TRAINING</source>
        <translation>OEFENING</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="122"/>
        <source>Radio links</source>
        <translation>Verbindingen</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="127"/>
        <source>Units</source>
        <translation>Eenheden</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="128"/>
        <source>Talk requests</source>
        <translation>Spraakaanvragen</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="141"/>
        <source>Messages</source>
        <translation>Berichten</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="163"/>
        <source>TRAINING journal (apart from live work): %1</source>
        <translation>OEFENING — journaal los van het echte werk: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="164"/>
        <source>Journal: %1</source>
        <translation>Journaal: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="165"/>
        <location filename="../../console/ui/main_window.py" line="205"/>
        <source>Saving: OK</source>
        <translation>Opslaan: in orde</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="168"/>
        <source>F9: shortcuts</source>
        <translation>F9: sneltoetsen</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="208"/>
        <source>the disk is full</source>
        <translation>de schijf is vol</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="209"/>
        <source>the journal file is read-only</source>
        <translation>het journaalbestand is alleen-lezen</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="210"/>
        <source>the disk reports an I/O error</source>
        <translation>de schijf meldt een lees-/schrijffout</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="211"/>
        <source>another program holds the journal</source>
        <translation>een ander programma houdt het journaal vast</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="212"/>
        <source>the journal file cannot be opened</source>
        <translation>het journaalbestand kan niet worden geopend</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="213"/>
        <source>the journal file is damaged</source>
        <translation>het journaalbestand is beschadigd</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="215"/>
        <source>an unknown error</source>
        <translation>een onbekende fout</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="217"/>
        <source>JOURNAL CANNOT SAVE: %1. New entries are NOT being kept. Keep notes on paper; saving resumes by itself.</source>
        <translation>JOURNAAL KAN NIET OPSLAAN: %1. Nieuwe regels worden NIET bewaard. Noteer op papier; opslaan hervat vanzelf.</translation>
    </message>
    <message>
        <location filename="../../console/ui/main_window.py" line="220"/>
        <source>Saving: FAILING</source>
        <translation>Opslaan: MISLUKT</translation>
    </message>
</context>
<context>
    <name>MessagesModel</name>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="43"/>
        <source>rejected by the radio</source>
        <translation>geweigerd door de portofoon</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="44"/>
        <source>no answer from the radio</source>
        <translation>geen antwoord van de portofoon</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="45"/>
        <source>radio not connected</source>
        <translation>portofoon niet verbonden</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="46"/>
        <source>not supported</source>
        <translation>niet ondersteund</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="47"/>
        <source>transmission failed (+CMGS status 5)</source>
        <translation>uitzenden mislukt (+CMGS status 5)</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="48"/>
        <source>destination not registered</source>
        <translation>bestemming niet aangemeld</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="49"/>
        <source>queue full</source>
        <translation>wachtrij vol</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="50"/>
        <source>message too long</source>
        <translation>bericht te lang</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="51"/>
        <source>destination memory full</source>
        <translation>geheugen bestemming vol</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="52"/>
        <source>protocol or encoding not supported</source>
        <translation>protocol of codering niet ondersteund</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="53"/>
        <source>forwarded to external network</source>
        <translation>doorgestuurd naar extern netwerk</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="54"/>
        <source>sent to group</source>
        <translation>naar groep verzonden</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="61"/>
        <source>Time</source>
        <translation>Tijd</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="62"/>
        <source>In/Out</source>
        <translation>In/Uit</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="63"/>
        <source>From / To</source>
        <translation>Van / Aan</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="64"/>
        <source>Text</source>
        <translation>Tekst</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="65"/>
        <source>State</source>
        <translation>Aflevering</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="150"/>
        <source>In</source>
        <translation>In</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="150"/>
        <source>Out</source>
        <translation>Uit</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="153"/>
        <source>Status %1</source>
        <translation>Status %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="155"/>
        <source>Unreadable message</source>
        <translation>Onleesbaar bericht</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="157"/>
        <source>(incomplete: %1 of %2 parts missing)</source>
        <translation>(onvolledig: %1 van %2 delen ontbreken)</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="167"/>
        <source>sent to radio</source>
        <translation>aangeboden aan portofoon</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="168"/>
        <source>sent to radio (ref %1)</source>
        <translation>aangeboden aan portofoon (ref %1)</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="173"/>
        <source>sent</source>
        <translation>verzonden</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="173"/>
        <source>sent, not yet delivered</source>
        <translation>verzonden, nog niet afgeleverd</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="176"/>
        <source>failed: delivery failed (0x%1)</source>
        <translation>mislukt: aflevering mislukt (0x%1)</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="178"/>
        <source>failed: %1</source>
        <translation>mislukt: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="179"/>
        <source>sending</source>
        <translation>wordt verstuurd</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="179"/>
        <source>retrying</source>
        <translation>nieuwe poging</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="180"/>
        <source>delivered</source>
        <translation>afgeleverd</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="180"/>
        <source>read/consumed</source>
        <translation>gelezen</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="181"/>
        <source>new</source>
        <translation>nieuw</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="181"/>
        <source>read</source>
        <translation>gelezen</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="191"/>
        <source>Radio %1</source>
        <translation>Portofoon %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="192"/>
        <source>from %1 to %2</source>
        <translation>van %1 aan %2</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="197"/>
        <source>Not understood: %1</source>
        <translation>Niet begrepen: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="199"/>
        <source>Raw data: %1</source>
        <translation>Ruwe gegevens: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="201"/>
        <source>Missing parts: %1</source>
        <translation>Ontbrekende delen: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="204"/>
        <source>sent by %1</source>
        <translation>verstuurd door %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="206"/>
        <source>Drill entry</source>
        <translation>Oefening</translation>
    </message>
</context>
<context>
    <name>MessagesPane</name>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="236"/>
        <source>Reply</source>
        <translation>Beantwoorden</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="237"/>
        <source>Mark read</source>
        <translation>Gelezen</translation>
    </message>
    <message>
        <location filename="../../console/ui/messages_pane.py" line="282"/>
        <source>%1 unread</source>
        <translation>%1 ongelezen</translation>
    </message>
</context>
<context>
    <name>NoticesBanner</name>
    <message>
        <location filename="../../console/ui/notices_banner.py" line="41"/>
        <source>Settings file not usable, standard settings for now: %1</source>
        <translation>Instellingenbestand niet bruikbaar, voorlopig standaardinstellingen: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/notices_banner.py" line="43"/>
        <source>Setting not usable, standard value used: %1</source>
        <translation>Instelling niet bruikbaar, standaardwaarde gebruikt: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/notices_banner.py" line="45"/>
        <source>Unknown setting, kept in the file but not used: %1</source>
        <translation>Onbekende instelling, bewaard in het bestand maar niet gebruikt: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/notices_banner.py" line="47"/>
        <source>Settings file could not be written: %1</source>
        <translation>Instellingenbestand kon niet worden opgeslagen: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/notices_banner.py" line="49"/>
        <source>This position&apos;s id could not be read: its journal starts a new chain under a new id: %1</source>
        <translation>De id van deze positie kon niet worden gelezen: het journaal begint een nieuwe keten onder een nieuwe id: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/notices_banner.py" line="52"/>
        <source>Some rows of a data file were not used: %1</source>
        <translation>Sommige regels van een gegevensbestand zijn niet gebruikt: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/notices_banner.py" line="54"/>
        <source>Radio not started: %1</source>
        <translation>Portofoon niet gestart: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/notices_banner.py" line="56"/>
        <source>Data file not used: %1</source>
        <translation>Gegevensbestand niet gebruikt: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/notices_banner.py" line="58"/>
        <source>Log file cannot be written, logging to the terminal only: %1</source>
        <translation>Logbestand kan niet worden geschreven, log alleen in de terminal: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/notices_banner.py" line="60"/>
        <source>The journal could not be used: it was set aside untouched and a new journal was started. The old file: %1</source>
        <translation>Het journaal was niet bruikbaar: het is onaangeroerd opzijgezet en er is een nieuw journaal begonnen. Het oude bestand: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/notices_banner.py" line="63"/>
        <source>Entries not saved at the last stop were saved now: %1</source>
        <translation>Regels die bij het vorige afsluiten niet waren opgeslagen, zijn nu opgeslagen: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/notices_banner.py" line="65"/>
        <source>This computer&apos;s clock is %1 behind the journal</source>
        <translation>De klok van deze computer staat %1 achter op het journaal</translation>
    </message>
    <message>
        <location filename="../../console/ui/notices_banner.py" line="67"/>
        <source>The journal&apos;s history could not be read to the end: %1</source>
        <translation>De geschiedenis van het journaal kon niet helemaal gelezen worden: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/notices_banner.py" line="69"/>
        <source>Training started without simulated radios: %1</source>
        <translation>Oefening gestart zonder gesimuleerde radio&apos;s: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/notices_banner.py" line="71"/>
        <source>%1</source>
        <translation>%1</translation>
    </message>
    <message>
        <location filename="../../console/ui/notices_banner.py" line="102"/>
        <source>Seen</source>
        <translation>Gezien</translation>
    </message>
    <message>
        <location filename="../../console/ui/notices_banner.py" line="104"/>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <location filename="../../console/ui/notices_banner.py" line="149"/>
        <source>Show or hide the other start-up notices (%1)</source>
        <translation>De overige startmeldingen tonen of verbergen (%1)</translation>
    </message>
    <message>
        <location filename="../../console/ui/notices_banner.py" line="234"/>
        <source>Errors not yet seen: %1</source>
        <translation>Fouten nog niet gezien: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/notices_banner.py" line="252"/>
        <source>Show fewer (%1)</source>
        <translation>Toon minder (%1)</translation>
    </message>
    <message>
        <location filename="../../console/ui/notices_banner.py" line="254"/>
        <source>+%1 more — show all (%2)</source>
        <translation>+%1 meer — toon alle (%2)</translation>
    </message>
</context>
<context>
    <name>RadioHealthModel</name>
    <message>
        <location filename="../../console/ui/models.py" line="111"/>
        <source>Radio</source>
        <translation>Portofoon</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="112"/>
        <source>Link</source>
        <translation>Verbinding</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="113"/>
        <source>Signal</source>
        <translation>Signaal</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="114"/>
        <source>Battery</source>
        <translation>Accu</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="115"/>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="116"/>
        <source>Talkgroup</source>
        <translation>Gespreksgroep</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="117"/>
        <source>Last heard</source>
        <translation>Laatst gehoord</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="144"/>
        <source>connected</source>
        <translation>verbonden</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="144"/>
        <source>LOST</source>
        <translation>VERLOREN</translation>
    </message>
    <message>
        <location filename="../../console/ui/models.py" line="145"/>
        <source>unknown</source>
        <translation>onbekend</translation>
    </message>
</context>
<context>
    <name>RadioPanel</name>
    <message>
        <location filename="../../console/ui/radio_panel.py" line="56"/>
        <source>Idle</source>
        <translation>Rust</translation>
    </message>
    <message>
        <location filename="../../console/ui/radio_panel.py" line="57"/>
        <source>Requesting…</source>
        <translation>Aanvragen…</translation>
    </message>
    <message>
        <location filename="../../console/ui/radio_panel.py" line="58"/>
        <source>QUEUED — do not talk yet</source>
        <translation>IN WACHTRIJ — nog niet spreken</translation>
    </message>
    <message>
        <location filename="../../console/ui/radio_panel.py" line="60"/>
        <source>TALK</source>
        <translation>SPREKEN</translation>
    </message>
    <message>
        <location filename="../../console/ui/radio_panel.py" line="61"/>
        <source>REFUSED</source>
        <translation>GEWEIGERD</translation>
    </message>
    <message>
        <location filename="../../console/ui/radio_panel.py" line="62"/>
        <source>Other party talking</source>
        <translation>Iemand anders spreekt</translation>
    </message>
    <message>
        <location filename="../../console/ui/radio_panel.py" line="115"/>
        <location filename="../../console/ui/radio_panel.py" line="278"/>
        <source>Hold</source>
        <translation>Vasthouden</translation>
    </message>
    <message>
        <location filename="../../console/ui/radio_panel.py" line="119"/>
        <source>Keep this radio on its talkgroup</source>
        <translation>Houd deze portofoon op zijn gespreksgroep</translation>
    </message>
    <message>
        <location filename="../../console/ui/radio_panel.py" line="133"/>
        <source>PTT (hold)</source>
        <translation>PTT (ingedrukt houden)</translation>
    </message>
    <message>
        <location filename="../../console/ui/radio_panel.py" line="160"/>
        <source>Last transmissions</source>
        <translation>Laatste uitzendingen</translation>
    </message>
    <message>
        <location filename="../../console/ui/radio_panel.py" line="217"/>
        <source>No push-to-talk from the console on this radio: its PTT setting cannot be used. Talk on the radio itself and call a technician.</source>
        <translation>Zenden vanaf de console kan niet op deze portofoon: de PTT-instelling is onbruikbaar. Spreek via de portofoon zelf en waarschuw een technicus.</translation>
    </message>
    <message>
        <location filename="../../console/ui/radio_panel.py" line="250"/>
        <source>no talkgroup</source>
        <translation>geen gespreksgroep</translation>
    </message>
    <message>
        <location filename="../../console/ui/radio_panel.py" line="259"/>
        <source>connected</source>
        <translation>verbonden</translation>
    </message>
    <message>
        <location filename="../../console/ui/radio_panel.py" line="262"/>
        <source>not started</source>
        <translation>niet gestart</translation>
    </message>
    <message>
        <location filename="../../console/ui/radio_panel.py" line="265"/>
        <source>LINK LOST</source>
        <translation>VERBINDING WEG</translation>
    </message>
    <message>
        <location filename="../../console/ui/radio_panel.py" line="273"/>
        <source>→ %1…</source>
        <translation>→ %1…</translation>
    </message>
    <message>
        <location filename="../../console/ui/radio_panel.py" line="280"/>
        <source>Held: %1</source>
        <translation>Vastgehouden: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/radio_panel.py" line="302"/>
        <source>time-out in %1 s</source>
        <translation>time-out over %1 s</translation>
    </message>
    <message>
        <location filename="../../console/ui/radio_panel.py" line="309"/>
        <source>Talking: %1</source>
        <translation>Spreekt: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/radio_panel.py" line="311"/>
        <source>Call in %1, nobody talking</source>
        <translation>Gesprek in %1, niemand spreekt</translation>
    </message>
    <message>
        <location filename="../../console/ui/radio_panel.py" line="316"/>
        <source>EMERGENCY CALL — %1</source>
        <translation>NOODOPROEP — %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/radio_panel.py" line="325"/>
        <source>Console (%1)</source>
        <translation>Console (%1)</translation>
    </message>
    <message>
        <location filename="../../console/ui/radio_panel.py" line="329"/>
        <source>now</source>
        <translation>nu</translation>
    </message>
    <message>
        <location filename="../../console/ui/radio_panel.py" line="331"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../../console/ui/radio_panel.py" line="334"/>
        <source>(not granted)</source>
        <translation>(niet toegewezen)</translation>
    </message>
</context>
<context>
    <name>SendForm</name>
    <message>
        <location filename="../../console/ui/sds_form.py" line="77"/>
        <source>ISSI, GSSI, unit or talkgroup</source>
        <translation>ISSI, GSSI, eenheid of gespreksgroep</translation>
    </message>
    <message>
        <location filename="../../console/ui/sds_form.py" line="85"/>
        <source>Text (Ctrl+Enter sends)</source>
        <translation>Tekst (Ctrl+Enter verstuurt)</translation>
    </message>
    <message>
        <location filename="../../console/ui/sds_form.py" line="99"/>
        <source>Text</source>
        <translation>Tekst</translation>
    </message>
    <message>
        <location filename="../../console/ui/sds_form.py" line="100"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../console/ui/sds_form.py" line="107"/>
        <source>Send</source>
        <translation>Versturen</translation>
    </message>
    <message>
        <location filename="../../console/ui/sds_form.py" line="108"/>
        <source>Send (Ctrl+Enter)</source>
        <translation>Versturen (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../console/ui/sds_form.py" line="134"/>
        <source>Status table</source>
        <translation>Statustabel</translation>
    </message>
    <message>
        <location filename="../../console/ui/sds_form.py" line="138"/>
        <source>Raw value</source>
        <translation>Ruwe waarde</translation>
    </message>
    <message>
        <location filename="../../console/ui/sds_form.py" line="143"/>
        <source>Radio</source>
        <translation>Portofoon</translation>
    </message>
    <message>
        <location filename="../../console/ui/sds_form.py" line="144"/>
        <source>To</source>
        <translation>Aan</translation>
    </message>
    <message>
        <location filename="../../console/ui/sds_form.py" line="171"/>
        <source>Insert template…</source>
        <translation>Sjabloon invoegen…</translation>
    </message>
    <message>
        <location filename="../../console/ui/sds_form.py" line="178"/>
        <source>Raw value below</source>
        <translation>Ruwe waarde hieronder</translation>
    </message>
    <message>
        <location filename="../../console/ui/sds_form.py" line="203"/>
        <source>Choose a recipient</source>
        <translation>Kies een ontvanger</translation>
    </message>
    <message>
        <location filename="../../console/ui/sds_form.py" line="204"/>
        <source>Type a text first</source>
        <translation>Typ eerst een tekst</translation>
    </message>
    <message>
        <location filename="../../console/ui/sds_form.py" line="208"/>
        <source>Sending…</source>
        <translation>Versturen…</translation>
    </message>
    <message>
        <location filename="../../console/ui/sds_form.py" line="223"/>
        <source>Sent; the list shows its delivery state</source>
        <translation>Verstuurd; de lijst toont de aflevering</translation>
    </message>
    <message>
        <location filename="../../console/ui/sds_form.py" line="230"/>
        <source>NOT sent: %1</source>
        <translation>NIET verstuurd: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/sds_form.py" line="279"/>
        <source>No radio attached: nothing can be sent</source>
        <translation>Geen portofoon aangesloten: er kan niets worden verstuurd</translation>
    </message>
    <message>
        <location filename="../../console/ui/sds_form.py" line="281"/>
        <source>Recipient: type an ISSI or GSSI number, or choose a unit or talkgroup from the list</source>
        <translation>Ontvanger: typ een ISSI- of GSSI-nummer, of kies een eenheid of gespreksgroep uit de lijst</translation>
    </message>
    <message>
        <location filename="../../console/ui/sds_form.py" line="284"/>
        <source>An SDS text carries only ISO 8859-1 (Latin-1) characters; replace: %1</source>
        <translation>Een SDS-tekst bevat alleen ISO 8859-1-tekens (Latin-1); vervang: %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/sds_form.py" line="287"/>
        <source>Too long: %1 characters, at most %2</source>
        <translation>Te lang: %1 tekens, maximaal %2</translation>
    </message>
    <message>
        <location filename="../../console/ui/sds_form.py" line="290"/>
        <source>Status 0 is the emergency status; it is not sent from here</source>
        <translation>Status 0 is de noodstatus; die wordt hier niet verstuurd</translation>
    </message>
</context>
<context>
    <name>StatusBoard</name>
    <message>
        <location filename="../../console/ui/status_board.py" line="74"/>
        <source>FICTITIOUS DEMO DATA</source>
        <translation>FICTIEF DEMO</translation>
    </message>
    <message>
        <location filename="../../console/ui/status_board.py" line="79"/>
        <source>All disciplines</source>
        <translation>Alle disciplines</translation>
    </message>
    <message>
        <location filename="../../console/ui/status_board.py" line="82"/>
        <source>unknown</source>
        <translation>onbekend</translation>
    </message>
    <message>
        <location filename="../../console/ui/status_board.py" line="84"/>
        <source>All statuses</source>
        <translation>Alle statussen</translation>
    </message>
    <message>
        <location filename="../../console/ui/status_board.py" line="87"/>
        <source>no known status</source>
        <translation>geen bekende status</translation>
    </message>
    <message>
        <location filename="../../console/ui/status_board.py" line="89"/>
        <source>Search ISSI, alias, call sign</source>
        <translation>Zoek ISSI, alias, roepnaam</translation>
    </message>
    <message>
        <location filename="../../console/ui/status_board.py" line="91"/>
        <source>DIPP on/off</source>
        <translation>DIPP aan/uit</translation>
    </message>
    <message>
        <location filename="../../console/ui/status_board.py" line="92"/>
        <source>Mark the selected unit as working in a DIPP area (Ctrl+D)</source>
        <translation>Markeer de gekozen eenheid als werkend in een DIPP-gebied (Ctrl+D)</translation>
    </message>
    <message>
        <location filename="../../console/ui/status_board.py" line="183"/>
        <source>Not heard &gt; %1 min: %2</source>
        <translation>Niet gehoord &gt; %1 min: %2</translation>
    </message>
    <message>
        <location filename="../../console/ui/status_board.py" line="187"/>
        <source>DIPP: every unit heard within %1 min</source>
        <translation>DIPP: alle eenheden gehoord binnen %1 min</translation>
    </message>
</context>
<context>
    <name>TalkQueue</name>
    <message>
        <location filename="../../console/ui/talk_queue.py" line="133"/>
        <source>Answer</source>
        <translation>Beantwoorden</translation>
    </message>
    <message>
        <location filename="../../console/ui/talk_queue.py" line="134"/>
        <source>Answer the selected request (Enter)</source>
        <translation>Gekozen aanvraag beantwoorden (Enter)</translation>
    </message>
    <message>
        <location filename="../../console/ui/talk_queue.py" line="135"/>
        <source>Clear</source>
        <translation>Wissen</translation>
    </message>
    <message>
        <location filename="../../console/ui/talk_queue.py" line="136"/>
        <source>Remove the selected request unanswered (Delete)</source>
        <translation>Gekozen aanvraag onbeantwoord verwijderen (Delete)</translation>
    </message>
</context>
<context>
    <name>TalkQueueModel</name>
    <message>
        <location filename="../../console/ui/talk_queue.py" line="40"/>
        <source>Priority</source>
        <translation>Prioriteit</translation>
    </message>
    <message>
        <location filename="../../console/ui/talk_queue.py" line="41"/>
        <source>Unit</source>
        <translation>Eenheid</translation>
    </message>
    <message>
        <location filename="../../console/ui/talk_queue.py" line="42"/>
        <source>Waiting</source>
        <translation>Wachttijd</translation>
    </message>
    <message>
        <location filename="../../console/ui/talk_queue.py" line="43"/>
        <source>Radio</source>
        <translation>Portofoon</translation>
    </message>
    <message>
        <location filename="../../console/ui/talk_queue.py" line="104"/>
        <source>URGENT</source>
        <translation>URGENT</translation>
    </message>
    <message>
        <location filename="../../console/ui/talk_queue.py" line="104"/>
        <source>normal</source>
        <translation>normaal</translation>
    </message>
    <message>
        <location filename="../../console/ui/talk_queue.py" line="115"/>
        <source>Asked %1 times</source>
        <translation>%1 keer gevraagd</translation>
    </message>
</context>
<context>
    <name>TalkgroupSelector</name>
    <message>
        <location filename="../../console/ui/talkgroup_selector.py" line="130"/>
        <source>Search talkgroup: GSSI, name, discipline, region</source>
        <translation>Zoek gespreksgroep: GSSI, naam, discipline, regio</translation>
    </message>
    <message>
        <location filename="../../console/ui/talkgroup_selector.py" line="141"/>
        <source>FICTITIOUS talkgroup plan (demo data)</source>
        <translation>FICTIEF gespreksgroepenplan (demogegevens)</translation>
    </message>
</context>
<context>
    <name>UnitBoardModel</name>
    <message>
        <location filename="../../console/ui/unit_board_model.py" line="60"/>
        <source>ISSI</source>
        <translation>ISSI</translation>
    </message>
    <message>
        <location filename="../../console/ui/unit_board_model.py" line="61"/>
        <source>Alias</source>
        <translation>Alias</translation>
    </message>
    <message>
        <location filename="../../console/ui/unit_board_model.py" line="62"/>
        <source>Call sign</source>
        <translation>Roepnaam</translation>
    </message>
    <message>
        <location filename="../../console/ui/unit_board_model.py" line="63"/>
        <source>Discipline</source>
        <translation>Discipline</translation>
    </message>
    <message>
        <location filename="../../console/ui/unit_board_model.py" line="64"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../console/ui/unit_board_model.py" line="65"/>
        <source>Canonical</source>
        <translation>Betekenis</translation>
    </message>
    <message>
        <location filename="../../console/ui/unit_board_model.py" line="66"/>
        <source>In status</source>
        <translation>In status</translation>
    </message>
    <message>
        <location filename="../../console/ui/unit_board_model.py" line="67"/>
        <source>Last heard</source>
        <translation>Laatst gehoord</translation>
    </message>
    <message>
        <location filename="../../console/ui/unit_board_model.py" line="68"/>
        <source>Position</source>
        <translation>Positie</translation>
    </message>
    <message>
        <location filename="../../console/ui/unit_board_model.py" line="69"/>
        <source>DIPP</source>
        <translation>DIPP</translation>
    </message>
    <message>
        <location filename="../../console/ui/unit_board_model.py" line="175"/>
        <source>unknown</source>
        <translation>onbekend</translation>
    </message>
    <message>
        <location filename="../../console/ui/unit_board_model.py" line="204"/>
        <source>Unknown status value %1</source>
        <translation>Onbekende statuswaarde %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/unit_board_model.py" line="206"/>
        <source>meaning not verified (%1)</source>
        <translation>betekenis niet geverifieerd (%1)</translation>
    </message>
    <message>
        <location filename="../../console/ui/unit_board_model.py" line="209"/>
        <source>Position of %1</source>
        <translation>Positie van %1</translation>
    </message>
    <message>
        <location filename="../../console/ui/unit_board_model.py" line="211"/>
        <source>Ctrl+L or double-click to set the alias</source>
        <translation>Ctrl+L of dubbelklik om de alias in te stellen</translation>
    </message>
</context>
</TS>
