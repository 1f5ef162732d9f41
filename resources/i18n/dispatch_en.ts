<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_GB">
<context>
    <name>AccuracyDialog</name>
    <message numerus="yes">
        <source>Last %n day(s)</source>
        <translation><numerusform>Last %n day</numerusform><numerusform>Last %n days</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n outage(s) restored in the period; {none} without a promised ETA. Each dot is one outage: how late (+) or early (−) it was restored against its first and its last promise.</source>
        <translation><numerusform>%n outage restored in the period; {none} without a promised ETA. Each dot is one outage: how late (+) or early (−) it was restored against its first and its last promise.</numerusform><numerusform>%n outages restored in the period; {none} without a promised ETA. Each dot is one outage: how late (+) or early (−) it was restored against its first and its last promise.</numerusform></translation>
    </message>
</context>
<context>
    <name>AffectDialog</name>
    <message numerus="yes">
        <source>%n corner(s); counting the premises inside…</source>
        <translation><numerusform>%n corner; counting the premises inside…</numerusform><numerusform>%n corners; counting the premises inside…</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n premises inside so far. Double-click or Enter finishes, Esc cancels.</source>
        <translation><numerusform>%n premises inside so far. Double-click or Enter finishes, Esc cancels.</numerusform><numerusform>%n premises inside so far. Double-click or Enter finishes, Esc cancels.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>{corners} corners · %n premises inside</source>
        <translation><numerusform>{corners} corners · %n premises inside</numerusform><numerusform>{corners} corners · %n premises inside</numerusform></translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message numerus="yes">
        <source>%n revision(s)</source>
        <translation><numerusform>%n revision</numerusform><numerusform>%n revisions</numerusform></translation>
    </message>
</context>
<context>
    <name>HandoverController</name>
    <message numerus="yes">
        <source>Handover saved as {name} (%n page(s))</source>
        <translation><numerusform>Handover saved as {name} (%n page)</numerusform><numerusform>Handover saved as {name} (%n pages)</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Handover sent to the printer (%n page(s))</source>
        <translation><numerusform>Handover sent to the printer (%n page)</numerusform><numerusform>Handover sent to the printer (%n pages)</numerusform></translation>
    </message>
</context>
<context>
    <name>HandoverNotesDialog</name>
    <message numerus="yes">
        <source>Notes of this shift (%n)</source>
        <translation><numerusform>Notes of this shift (%n)</numerusform><numerusform>Notes of this shift (%n)</numerusform></translation>
    </message>
</context>
<context>
    <name>LinkDeviceDialog</name>
    <message numerus="yes">
        <source>The %n kept position(s) of this phone become the technician's track, and the newest one their position.</source>
        <translation><numerusform>The %n kept position of this phone become the technician's track, and the newest one their position.</numerusform><numerusform>The %n kept positions of this phone become the technician's track, and the newest one their position.</numerusform></translation>
    </message>
</context>
<context>
    <name>LoansPanel</name>
    <message numerus="yes">
        <source>Offer loaner routers for %n outage(s):</source>
        <translation><numerusform>Offer loaner routers for %n outage:</numerusform><numerusform>Offer loaner routers for %n outages:</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>…and %n more</source>
        <translation><numerusform>…and %n more</numerusform><numerusform>…and %n more</numerusform></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Loaded %n outage(s)</source>
        <translation><numerusform>Loaded %n outage</numerusform><numerusform>Loaded %n outages</numerusform></translation>
    </message>
</context>
<context>
    <name>NoticeDialog</name>
    <message numerus="yes">
        <source>%n SMS</source>
        <translation><numerusform>%n SMS</numerusform><numerusform>%n SMS</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n character(s)</source>
        <translation><numerusform>%n character</numerusform><numerusform>%n characters</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) queued for delivery</source>
        <translation><numerusform>%n message queued for delivery</numerusform><numerusform>%n messages queued for delivery</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>… and %n more (notices deliveries --outage {id})</source>
        <translation><numerusform>… and %n more (notices deliveries --outage {id})</numerusform><numerusform>… and %n more (notices deliveries --outage {id})</numerusform></translation>
    </message>
</context>
<context>
    <name>NoticeOffers</name>
    <message numerus="yes">
        <source>#{id} {title}: service restored. Tell the %n customer(s)?</source>
        <translation><numerusform>#{id} {title}: service restored. Tell the %n customer?</numerusform><numerusform>#{id} {title}: service restored. Tell the %n customers?</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>#{id} {title} will last over {hours} h. Offer the %n customer(s) a loaner 4G router?</source>
        <translation><numerusform>#{id} {title} will last over {hours} h. Offer the %n customer a loaner 4G router?</numerusform><numerusform>#{id} {title} will last over {hours} h. Offer the %n customers a loaner 4G router?</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>(%n more waiting)</source>
        <translation><numerusform>(%n more waiting)</numerusform><numerusform>(%n more waiting)</numerusform></translation>
    </message>
</context>
<context>
    <name>OutageSupplyTab</name>
    <message numerus="yes">
        <source>Loaner routers lent for this outage: %n out</source>
        <translation><numerusform>Loaner routers lent for this outage: %n out</numerusform><numerusform>Loaner routers lent for this outage: %n out</numerusform></translation>
    </message>
</context>
<context>
    <name>RestockDialog</name>
    <message numerus="yes">
        <source>only part of it, at %n source(s)</source>
        <translation><numerusform>only part of it, at %n source</numerusform><numerusform>only part of it, at %n sources</numerusform></translation>
    </message>
</context>
<context>
    <name>SuggestionPanel</name>
    <message numerus="yes">
        <source>Repair time from %n restored outage(s) of this kind ({cause}), median {median}.</source>
        <translation><numerusform>Repair time from %n restored outage of this kind ({cause}), median {median}.</numerusform><numerusform>Repair time from %n restored outages of this kind ({cause}), median {median}.</numerusform></translation>
    </message>
</context>
<context>
    <name>UnregisteredPanel</name>
    <message numerus="yes">
        <source>%n phone(s)</source>
        <translation><numerusform>%n phone</numerusform><numerusform>%n phones</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Unlinked phones (%n)</source>
        <translation><numerusform>Unlinked phones (%n)</numerusform><numerusform>Unlinked phones (%n)</numerusform></translation>
    </message>
</context>
</TS>