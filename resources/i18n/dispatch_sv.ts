<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sv_SE">
<context>
    <name>AboutDialog</name>
    <message>
        <source>not installed</source>
        <translation>inte installerat</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>okänd</translation>
    </message>
    <message>
        <source>Dispatch console</source>
        <translation>Driftledningskonsolen</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Databas</translation>
    </message>
    <message>
        <source>SQLite (file on this computer)</source>
        <translation>SQLite (fil på den här datorn)</translation>
    </message>
    <message>
        <source>PostgreSQL (shared)</source>
        <translation>PostgreSQL (delad)</translation>
    </message>
    <message>
        <source>OpenStreetMap tile servers (online)</source>
        <translation>OpenStreetMaps kartservrar (via internet)</translation>
    </message>
    <message>
        <source>Offline map file {path}</source>
        <translation>Lokal kartfil {path}</translation>
    </message>
    <message>
        <source>none (no background map)</source>
        <translation>ingen (utan bakgrundskarta)</translation>
    </message>
    <message>
        <source>About Outage Dispatch Console</source>
        <translation>Om Driftledningskonsolen</translation>
    </message>
    <message>
        <source>Outage Dispatch Console</source>
        <translation>Driftledningskonsolen</translation>
    </message>
    <message>
        <source>Outages, technicians, depots, ETAs and customer notices for fiber field service.</source>
        <translation>Driftstörningar, tekniker, depåer, prognoser och kundmeddelanden för fältservice i fibernätet.</translation>
    </message>
    <message>
        <source>Map page components (bundled, used offline)</source>
        <translation>Kartans komponenter (medföljer, fungerar utan internet)</translation>
    </message>
    <message>
        <source>Map data</source>
        <translation>Kartdata</translation>
    </message>
    <message>
        <source>Background map: {source}</source>
        <translation>Bakgrundskarta: {source}</translation>
    </message>
    <message>
        <source>available under the Open Database License (ODbL)</source>
        <translation>tillgängligt under Open Database License (ODbL)</translation>
    </message>
</context>
<context>
    <name>AccuracyDialog</name>
    <message>
        <source>ETA accuracy</source>
        <translation>Prognosernas träffsäkerhet</translation>
    </message>
    <message numerus="yes">
        <source>Last %n day(s)</source>
        <translation>
            <numerusform>Senaste dygnet</numerusform>
            <numerusform>Senaste %n dygnen</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading the restored outages…</source>
        <translation>Läser de åtgärdade avbrotten…</translation>
    </message>
    <message>
        <source>Restored in</source>
        <translation>Åtgärdade under</translation>
    </message>
    <message numerus="yes">
        <source>%n outage(s) restored in the period; {none} without a promised ETA. Each dot is one outage: how late (+) or early (−) it was restored against its first and its last promise.</source>
        <translation>
            <numerusform>%n avbrott åtgärdades under perioden; {none} utan utlovad prognos. Varje punkt är ett avbrott: hur sent (+) eller tidigt (−) det åtgärdades jämfört med första och sista prognosen.</numerusform>
            <numerusform>%n avbrott åtgärdades under perioden; {none} utan utlovad prognos. Varje punkt är ett avbrott: hur sent (+) eller tidigt (−) det åtgärdades jämfört med första och sista prognosen.</numerusform>
        </translation>
    </message>
    <message>
        <source>The accuracy could not be read: {error}</source>
        <translation>Träffsäkerheten kunde inte läsas: {error}</translation>
    </message>
</context>
<context>
    <name>AffectDialog</name>
    <message>
        <source>Affected area of #{id}</source>
        <translation>Påverkat område för #{id}</translation>
    </message>
    <message>
        <source>Network nodes</source>
        <translation>Nätnoder</translation>
    </message>
    <message>
        <source>NOD-12, NOD-13</source>
        <translation>NOD-12, NOD-13</translation>
    </message>
    <message>
        <source>Radius around the outage</source>
        <translation>Radie runt störningen</translation>
    </message>
    <message>
        <source>Area drawn on the map</source>
        <translation>Område ritat på kartan</translation>
    </message>
    <message>
        <source>Draw on the map…</source>
        <translation>Rita på kartan…</translation>
    </message>
    <message>
        <source>Click the corners on the map; double-click or Enter to finish, Backspace takes a corner back, Esc cancels</source>
        <translation>Klicka ut hörnen på kartan; dubbelklicka eller tryck Enter för att avsluta, Backsteg tar bort senaste hörnet, Esc avbryter</translation>
    </message>
    <message>
        <source>No area drawn yet.</source>
        <translation>Inget område ritat än.</translation>
    </message>
    <message>
        <source>Not tied (keep the count entered)</source>
        <translation>Inte kopplad (behåll inmatat antal)</translation>
    </message>
    <message>
        <source>Outage</source>
        <translation>Störning</translation>
    </message>
    <message>
        <source>Customers affected becomes the number of customers in the register that the nodes feed, the radius or the area takes in.</source>
        <translation>Berörda kunder blir antalet kunder i registret som noderna matar eller som radien eller området omfattar.</translation>
    </message>
    <message>
        <source>Click the corners of the affected area on the map. Double-click or Enter finishes, Backspace takes a corner back, Esc cancels.</source>
        <translation>Klicka ut hörnen på det berörda området på kartan. Dubbelklick eller Enter avslutar, Backsteg tar bort senaste hörnet, Esc avbryter.</translation>
    </message>
    <message numerus="yes">
        <source>%n premises inside so far. Double-click or Enter finishes, Esc cancels.</source>
        <translation>
            <numerusform>%n adress innanför hittills. Dubbelklick eller Enter avslutar, Esc avbryter.</numerusform>
            <numerusform>%n adresser innanför hittills. Dubbelklick eller Enter avslutar, Esc avbryter.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n corner(s); counting the premises inside…</source>
        <translation>
            <numerusform>%n hörn; räknar adresserna innanför…</numerusform>
            <numerusform>%n hörn; räknar adresserna innanför…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{corners} corners · %n premises inside</source>
        <translation>
            <numerusform>{corners} hörn · %n adress innanför</numerusform>
            <numerusform>{corners} hörn · %n adresser innanför</numerusform>
        </translation>
    </message>
    <message>
        <source>Draw the area on the map first (at least three corners).</source>
        <translation>Rita först området på kartan (minst tre hörn).</translation>
    </message>
    <message>
        <source>Name at least one node.</source>
        <translation>Ange minst en nod.</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <source>Assign a technician to #{id}</source>
        <translation>Tilldela tekniker till #{id}</translation>
    </message>
    <message>
        <source>Only technicians free to go</source>
        <translation>Bara tekniker som kan åka nu</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Tekniker</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Drive</source>
        <translation>Körtid</translation>
    </message>
    <message>
        <source>Current job</source>
        <translation>Nuvarande uppdrag</translation>
    </message>
    <message>
        <source>Van lacks</source>
        <translation>Saknas i bilen</translation>
    </message>
    <message>
        <source>Working out drive times…</source>
        <translation>Räknar ut körtider…</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>#{id} ({n} customers)</source>
        <translation>#{id} ({n} kunder)</translation>
    </message>
    <message>
        <source>Nobody is free to go: everyone listed is on another job.</source>
        <translation>Ingen är ledig: alla i listan har ett annat uppdrag.</translation>
    </message>
    <message>
        <source>{name} is on #{job} ({n} customers, {status}). Moving them leaves that job; press Move to do it anyway.</source>
        <translation>{name} arbetar med #{job} ({n} kunder, {status}). Flyttas hen lämnas det jobbet; tryck Flytta för att göra det ändå.</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Flytta</translation>
    </message>
    <message>
        <source>Drive times could not be worked out: {err}</source>
        <translation>Körtiderna kunde inte räknas ut: {err}</translation>
    </message>
    <message>
        <source>Drive times: {how}.</source>
        <translation>Körtider: {how}.</translation>
    </message>
    <message>
        <source>Pick a technician first.</source>
        <translation>Välj en tekniker först.</translation>
    </message>
</context>
<context>
    <name>BoardFilterSync</name>
    <message>
        <source>No outages match</source>
        <translation>Inga driftstörningar matchar</translation>
    </message>
    <message>
        <source>%1 of %2 outages</source>
        <translation>%1 av %2 driftstörningar</translation>
    </message>
</context>
<context>
    <name>ConflictPanel</name>
    <message>
        <source>Someone else changed this outage after you opened it. Your change has not been saved.</source>
        <translation>Någon annan ändrade driftstörningen efter att du öppnade den. Din ändring har inte sparats.</translation>
    </message>
    <message>
        <source>Loading who changed what…</source>
        <translation>Hämtar vem som ändrade vad…</translation>
    </message>
    <message>
        <source>Re-apply on top</source>
        <translation>Spara ovanpå</translation>
    </message>
    <message>
        <source>Save your change again, on top of the other change</source>
        <translation>Spara din ändring igen, ovanpå den andra ändringen</translation>
    </message>
    <message>
        <source>Discard mine</source>
        <translation>Släng min ändring</translation>
    </message>
    <message>
        <source>Close without saving; the other change stays</source>
        <translation>Stäng utan att spara; den andra ändringen gäller</translation>
    </message>
    <message>
        <source>Now: status {status}, ETA {eta} (version {version}).</source>
        <translation>Nu: status {status}, prognos {eta} (version {version}).</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>inte satt</translation>
    </message>
    <message>
        <source>Latest changes:</source>
        <translation>Senaste ändringar:</translation>
    </message>
</context>
<context>
    <name>ContextMenus</name>
    <message>
        <source>Show on map</source>
        <translation>Visa på kartan</translation>
    </message>
    <message>
        <source>Centre the map on the selected outage</source>
        <translation>Centrera kartan på vald driftstörning</translation>
    </message>
    <message>
        <source>Copy reference</source>
        <translation>Kopiera referens</translation>
    </message>
    <message>
        <source>Copy the outage&apos;s number and title, e.g. for a call or a message</source>
        <translation>Kopiera driftstörningens nummer och rubrik, t.ex. till ett samtal eller ett meddelande</translation>
    </message>
    <message>
        <source>Assign to selected outage…</source>
        <translation>Skicka till vald driftstörning…</translation>
    </message>
    <message>
        <source>Send the selected technician to the outage selected on the board</source>
        <translation>Skicka vald tekniker till driftstörningen som är vald i tavlan</translation>
    </message>
    <message>
        <source>Centre the map on the selected technician</source>
        <translation>Centrera kartan på vald tekniker</translation>
    </message>
    <message>
        <source>Show depot stock…</source>
        <translation>Visa depåns lager…</translation>
    </message>
    <message>
        <source>What the selected depot holds now</source>
        <translation>Vad vald depå har i lager nu</translation>
    </message>
    <message>
        <source>Show depot on map</source>
        <translation>Visa depån på kartan</translation>
    </message>
    <message>
        <source>Centre the map on the selected depot</source>
        <translation>Centrera kartan på vald depå</translation>
    </message>
    <message>
        <source>Menu of the current row</source>
        <translation>Meny för aktuell rad</translation>
    </message>
    <message>
        <source>Select a row first.</source>
        <translation>Välj en rad först.</translation>
    </message>
    <message>
        <source>Copied: {text}</source>
        <translation>Kopierat: {text}</translation>
    </message>
    <message>
        <source>Select a depot in the Depots list first.</source>
        <translation>Välj först en depå i depålistan.</translation>
    </message>
</context>
<context>
    <name>DeliveryStatus</name>
    <message>
        <source>Sending notices: {sent} sent</source>
        <translation>Skickar meddelanden: {sent} skickade</translation>
    </message>
    <message>
        <source>{failed} failed</source>
        <translation>{failed} misslyckade</translation>
    </message>
    <message>
        <source>{retrying} to retry</source>
        <translation>{retrying} försöks igen</translation>
    </message>
    <message>
        <source>Notices delivered: {sent} sent</source>
        <translation>Meddelanden levererade: {sent} skickade</translation>
    </message>
</context>
<context>
    <name>DepotStockDialog</name>
    <message>
        <source>Stock at {depot}</source>
        <translation>Lager i {depot}</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>Material</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Tillgängligt</translation>
    </message>
    <message>
        <source>This depot holds no stock.</source>
        <translation>Depån har inget i lager.</translation>
    </message>
</context>
<context>
    <name>DepotTable</name>
    <message>
        <source>Depot</source>
        <translation>Depå</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öppet</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>Lager</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adress</translation>
    </message>
    <message>
        <source>24/7</source>
        <translation>Dygnet runt</translation>
    </message>
    <message>
        <source>open until {t}</source>
        <translation>öppet till {t}</translation>
    </message>
    <message>
        <source>closed, opens {t}</source>
        <translation>stängt, öppnar {t}</translation>
    </message>
    <message>
        <source>closed, opens {d} {t}</source>
        <translation>stängt, öppnar {d} {t}</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>stängt</translation>
    </message>
    <message>
        <source>%n item(s)</source>
        <translation>Artiklar: %n</translation>
    </message>
    <message>
        <source>no stock</source>
        <translation>inget i lager</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Select an outage on the board or on the map.</source>
        <translation>Välj en driftstörning i listan eller på kartan.</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Kunder</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>Orsak</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Område</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Började</translation>
    </message>
    <message>
        <source>Current ETA</source>
        <translation>Aktuell prognos</translation>
    </message>
    <message>
        <source>First ETA</source>
        <translation>Första prognos</translation>
    </message>
    <message>
        <source>Customers told</source>
        <translation>Kunder informerade</translation>
    </message>
    <message>
        <source>Technicians</source>
        <translation>Tekniker</translation>
    </message>
    <message>
        <source>Daylight</source>
        <translation>Dagsljus</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>Registrerad</translation>
    </message>
    <message>
        <source>ETA</source>
        <translation>Prognos</translation>
    </message>
    <message>
        <source>Moved</source>
        <translation>Flyttad</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Orsak</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Av</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Anteckning</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Tekniker</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Last fix</source>
        <translation>Senaste position</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>Fordon</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>Material</translation>
    </message>
    <message>
        <source>Needed</source>
        <translation>Behövs</translation>
    </message>
    <message>
        <source>In the vans</source>
        <translation>I bilarna</translation>
    </message>
    <message>
        <source>Short</source>
        <translation>Saknas</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Tid</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Vem</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Vad</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Skickat</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Språk</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kund</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Namn</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adress</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Nod</translation>
    </message>
    <message>
        <source>Can be told by</source>
        <translation>Kan nås via</translation>
    </message>
    <message>
        <source>Material runs (right-click a run under way to close it)</source>
        <translation>Materialhämtningar (högerklicka på en pågående hämtning för att avsluta den)</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Från</translation>
    </message>
    <message>
        <source>At source</source>
        <translation>Vid hämtstället</translation>
    </message>
    <message>
        <source>ETA chart</source>
        <translation>Prognosdiagram</translation>
    </message>
    <message>
        <source>ETA history</source>
        <translation>Prognoshistorik</translation>
    </message>
    <message>
        <source>Crew and material</source>
        <translation>Tekniker och material</translation>
    </message>
    <message>
        <source>Loaners and stock</source>
        <translation>Lån och lager</translation>
    </message>
    <message>
        <source>Notices</source>
        <translation>Meddelanden</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>Händelselogg</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>inte satt</translation>
    </message>
    <message>
        <source>(passed)</source>
        <translation>(passerad)</translation>
    </message>
    <message numerus="yes">
        <source>%n revision(s)</source>
        <translation>
            <numerusform>%n ändring</numerusform>
            <numerusform>%n ändringar</numerusform>
        </translation>
    </message>
    <message>
        <source>never</source>
        <translation>aldrig</translation>
    </message>
    <message>
        <source>{when}; silent for {gap}</source>
        <translation>{when}; tyst i {gap}</translation>
    </message>
    <message>
        <source>nobody assigned</source>
        <translation>ingen tilldelad</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>Sms</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>e-post</translation>
    </message>
    <message>
        <source>SMS and e-mail</source>
        <translation>SMS och e-post</translation>
    </message>
    <message>
        <source>No customers in the register are tied to this outage.</source>
        <translation>Inga kunder i registret är kopplade till störningen.</translation>
    </message>
    <message>
        <source>Customers ({n})</source>
        <translation>Kunder ({n})</translation>
    </message>
    <message>
        <source>Customers have not been sent any notice yet.</source>
        <translation>Kunderna har inte fått något meddelande än.</translation>
    </message>
    <message>
        <source>Notices ({n})</source>
        <translation>Meddelanden ({n})</translation>
    </message>
    <message>
        <source>No ETA has been promised yet.</source>
        <translation>Ingen prognos har lämnats än.</translation>
    </message>
    <message>
        <source>no fix</source>
        <translation>ingen position</translation>
    </message>
    <message>
        <source>(stale)</source>
        <translation>(gammal)</translation>
    </message>
    <message>
        <source>Material a job of this cause usually needs, against the crew&apos;s vans</source>
        <translation>Material som ett jobb med den här orsaken brukar kräva, jämfört med teknikernas bilar</translation>
    </message>
    <message>
        <source>Material the job needs, against the crew&apos;s vans</source>
        <translation>Material som jobbet kräver, jämfört med teknikernas bilar</translation>
    </message>
    <message>
        <source>Van stock of the assigned technicians</source>
        <translation>Lager i de tilldelade teknikernas bilar</translation>
    </message>
    <message>
        <source>In the van</source>
        <translation>I bilen</translation>
    </message>
    <message>
        <source>ETA set to {eta} ({reason})</source>
        <translation>Prognos satt till {eta} ({reason})</translation>
    </message>
    <message>
        <source>Customers told by {channel}: {text}</source>
        <translation>Kunder informerade via {channel}: {text}</translation>
    </message>
    <message>
        <source>Reported: {title} ({n} customers, {cause})</source>
        <translation>Anmält: {title} ({n} kunder, {cause})</translation>
    </message>
    <message>
        <source>Status: {old} → {new}</source>
        <translation>Status: {old} → {new}</translation>
    </message>
    <message>
        <source>Customers told by {channel}</source>
        <translation>Kunderna informerade via {channel}</translation>
    </message>
    <message>
        <source>A technician</source>
        <translation>En tekniker</translation>
    </message>
    <message>
        <source>{who} assigned</source>
        <translation>{who} tilldelad</translation>
    </message>
    <message>
        <source>{who} moved to outage #{n}</source>
        <translation>{who} flyttad till avbrott #{n}</translation>
    </message>
    <message>
        <source>Material run: {items} from {source}, there about {at}</source>
        <translation>Materialhämtning: {items} från {source}, där omkring {at}</translation>
    </message>
    <message>
        <source>Material run from {source} completed: the material is in the van</source>
        <translation>Materialhämtning från {source} klar: materialet är i bilen</translation>
    </message>
    <message>
        <source>Material run from {source} cancelled</source>
        <translation>Materialhämtning från {source} avbruten</translation>
    </message>
    <message>
        <source>Loaner router {serial} lent to {customer}, due back {due}</source>
        <translation>Lånerouter {serial} utlånad till {customer}, åter senast {due}</translation>
    </message>
    <message>
        <source>Loaner router {serial} returned by {customer}</source>
        <translation>Lånerouter {serial} återlämnad av {customer}</translation>
    </message>
    <message>
        <source>Midnight sun today: it does not get dark</source>
        <translation>Midnattssol i dag: det blir inte mörkt</translation>
    </message>
    <message>
        <source>Polar night today: the sun does not rise</source>
        <translation>Polarnatt i dag: solen går inte upp</translation>
    </message>
    <message>
        <source>Today: dawn {dawn} · sunrise {sunrise} · sunset {sunset} · dusk {dusk}</source>
        <translation>I dag: gryning {dawn} · soluppgång {sunrise} · solnedgång {sunset} · skymning {dusk}</translation>
    </message>
    <message>
        <source>until the ETA</source>
        <translation>fram till prognosen</translation>
    </message>
    <message>
        <source>in the usual repair time (no ETA ahead)</source>
        <translation>under normal reparationstid (ingen prognos framåt)</translation>
    </message>
    <message>
        <source>{h} h of darkness {until}</source>
        <translation>{h} h mörker {until}</translation>
    </message>
    <message>
        <source>daylight all the way {until}</source>
        <translation>dagsljus hela tiden {until}</translation>
    </message>
    <message>
        <source>Work runs into darkness — lighting kit needed</source>
        <translation>Arbetet fortsätter in i mörkret — belysning behövs</translation>
    </message>
    <message>
        <source>Material picked up</source>
        <translation>Material hämtat</translation>
    </message>
    <message>
        <source>Call off run</source>
        <translation>Avbryt hämtningen</translation>
    </message>
</context>
<context>
    <name>DeviceIdDialog</name>
    <message>
        <source>Device id of {name}</source>
        <translation>Enhets-id för {name}</translation>
    </message>
    <message>
        <source>e.g. tc-anna; empty: no phone bound</source>
        <translation>t.ex. tc-anna; tomt: ingen telefon kopplad</translation>
    </message>
    <message>
        <source>The identifier set in the phone&apos;s Traccar Client or OsmAnd. Letters, digits and . _ : @ - only. Each device belongs to one technician.</source>
        <translation>Identiteten som är inställd i telefonens Traccar Client eller OsmAnd. Endast bokstäver, siffror och . _ : @ -. Varje enhet hör till en tekniker.</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Tekniker</translation>
    </message>
    <message>
        <source>Device id</source>
        <translation>Enhets-id</translation>
    </message>
</context>
<context>
    <name>Duration</name>
    <message>
        <source>%n min</source>
        <translation>%n min</translation>
    </message>
    <message>
        <source>{h} h {m:02d}</source>
        <translation>{h} h {m:02d}</translation>
    </message>
    <message>
        <source>{d} d {h} h</source>
        <translation>{d} d {h} h</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Something went wrong: {detail}</source>
        <translation>Något gick fel: {detail}</translation>
    </message>
    <message>
        <source>no details</source>
        <translation>inga detaljer</translation>
    </message>
</context>
<context>
    <name>EtaChartView</name>
    <message>
        <source>Drawing the ETA chart…</source>
        <translation>Ritar prognosdiagrammet…</translation>
    </message>
    <message>
        <source>The ETA chart could not be drawn: {error}</source>
        <translation>Prognosdiagrammet kunde inte ritas: {error}</translation>
    </message>
</context>
<context>
    <name>EtaDialog</name>
    <message>
        <source>Set ETA for #{id}</source>
        <translation>Ange prognos för #{id}</translation>
    </message>
    <message>
        <source>Pick why it moved</source>
        <translation>Välj varför den flyttades</translation>
    </message>
    <message>
        <source>Why it moved, in a sentence the next shift understands</source>
        <translation>Varför den flyttades, i en mening som nästa skift förstår</translation>
    </message>
    <message>
        <source>Customers have been told this ETA</source>
        <translation>Kunderna har fått den här prognosen</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>inte satt</translation>
    </message>
    <message>
        <source>Outage</source>
        <translation>Driftstörning</translation>
    </message>
    <message>
        <source>Current ETA</source>
        <translation>Aktuell prognos</translation>
    </message>
    <message>
        <source>New ETA</source>
        <translation>Ny prognos</translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation>Förslag</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Orsak</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Anteckning</translation>
    </message>
    <message>
        <source>Pick why the ETA moved first.</source>
        <translation>Välj först varför prognosen flyttades.</translation>
    </message>
    <message>
        <source>That is the current ETA. Type the new time, or Cancel.</source>
        <translation>Det är den aktuella prognosen. Skriv den nya tiden, eller Avbryt.</translation>
    </message>
    <message>
        <source>{eta} (just set elsewhere)</source>
        <translation>{eta} (nyss ändrad på annat håll)</translation>
    </message>
</context>
<context>
    <name>EtaReason</name>
    <message>
        <source>The first time promised for this outage.</source>
        <translation>Den första tid som lovas för driftstörningen.</translation>
    </message>
    <message>
        <source>The technician has seen the damage and judges anew.</source>
        <translation>Teknikern har sett skadan och gör en ny bedömning.</translation>
    </message>
    <message>
        <source>Getting to the site takes longer (or shorter) than thought.</source>
        <translation>Det tar längre (eller kortare) tid än väntat att ta sig till platsen.</translation>
    </message>
    <message>
        <source>Material has to be fetched from a depot or another van.</source>
        <translation>Material måste hämtas från en depå eller en annan bil.</translation>
    </message>
    <message>
        <source>Work goes on after dark, with lighting, more slowly.</source>
        <translation>Arbetet fortsätter efter mörkrets inbrott, med belysning och i lägre takt.</translation>
    </message>
    <message>
        <source>The site is hard to reach: land owner, locked gate, road works.</source>
        <translation>Platsen är svår att nå: markägare, låst grind, vägarbete.</translation>
    </message>
    <message>
        <source>Storm, snow, ice or flooding slows the work.</source>
        <translation>Storm, snö, is eller översvämning gör att arbetet går långsammare.</translation>
    </message>
    <message>
        <source>The damage is larger than first reported.</source>
        <translation>Skadan är större än först rapporterat.</translation>
    </message>
    <message>
        <source>Anything else: say what in the note.</source>
        <translation>Något annat: skriv vad i anteckningen.</translation>
    </message>
</context>
<context>
    <name>HandoverController</name>
    <message>
        <source>Shift handover</source>
        <translation>Skiftöverlämning</translation>
    </message>
    <message>
        <source>PDF in English (*.pdf)</source>
        <translation>PDF på engelska (*.pdf)</translation>
    </message>
    <message>
        <source>PDF in Swedish (*.pdf)</source>
        <translation>PDF på svenska (*.pdf)</translation>
    </message>
    <message>
        <source>Export handover PDF</source>
        <translation>Exportera överlämning som PDF</translation>
    </message>
    <message>
        <source>The folder {folder} does not exist</source>
        <translation>Mappen {folder} finns inte</translation>
    </message>
    <message numerus="yes">
        <source>Handover saved as {name} (%n page(s))</source>
        <translation>
            <numerusform>Överlämningen sparad som {name} (%n sida)</numerusform>
            <numerusform>Överlämningen sparad som {name} (%n sidor)</numerusform>
        </translation>
    </message>
    <message>
        <source>Preparing the handover PDF…</source>
        <translation>Förbereder överlämningens PDF…</translation>
    </message>
    <message>
        <source>The handover cannot be printed: this installation lacks Qt&apos;s PDF and print modules ({problem})</source>
        <translation>Överlämningen kan inte skrivas ut: Qt:s PDF- och utskriftsmoduler saknas i den här installationen ({problem})</translation>
    </message>
    <message>
        <source>Print handover</source>
        <translation>Skriv ut överlämning</translation>
    </message>
    <message>
        <source>Sending the handover to the printer…</source>
        <translation>Skickar överlämningen till skrivaren…</translation>
    </message>
    <message>
        <source>Preparing the handover for printing…</source>
        <translation>Förbereder överlämningen för utskrift…</translation>
    </message>
    <message numerus="yes">
        <source>Handover sent to the printer (%n page(s))</source>
        <translation>
            <numerusform>Överlämningen skickad till skrivaren (%n sida)</numerusform>
            <numerusform>Överlämningen skickad till skrivaren (%n sidor)</numerusform>
        </translation>
    </message>
    <message>
        <source>The handover could not be prepared: {err}</source>
        <translation>Överlämningen kunde inte förberedas: {err}</translation>
    </message>
    <message>
        <source>The handover could not be prepared: something unexpected went wrong; the details are in the log.</source>
        <translation>Överlämningen kunde inte förberedas: något oväntat gick fel; detaljerna finns i loggen.</translation>
    </message>
    <message>
        <source>Handover cancelled</source>
        <translation>Överlämningen avbröts</translation>
    </message>
</context>
<context>
    <name>HandoverNotesDialog</name>
    <message>
        <source>Handover notes</source>
        <translation>Överlämningsanteckningar</translation>
    </message>
    <message>
        <source>Notes are printed in the handover of the shift they are filed under. The handover covers from the shift start to the moment it is printed. This workstation remembers the start you set here; without one it is twelve hours before now.</source>
        <translation>Anteckningarna skrivs ut i överlämningen för det skift de hör till. Överlämningen omfattar tiden från skiftets start till utskriften. Den här arbetsplatsen minns starttiden du anger här; utan den räknas de senaste tolv timmarna.</translation>
    </message>
    <message>
        <source>My shift starts now</source>
        <translation>Mitt skift börjar nu</translation>
    </message>
    <message>
        <source>Last 12 hours</source>
        <translation>Senaste 12 timmarna</translation>
    </message>
    <message>
        <source>Forget the remembered start: the shift is the last twelve hours</source>
        <translation>Glöm den sparade starttiden: skiftet är de senaste tolv timmarna</translation>
    </message>
    <message>
        <source>Shift started:</source>
        <translation>Skiftet började:</translation>
    </message>
    <message>
        <source>Notes of this shift</source>
        <translation>Anteckningar för skiftet</translation>
    </message>
    <message>
        <source>For the next dispatcher: what is promised, what to watch, who to call…</source>
        <translation>Till nästa driftledare: vad som är lovat, vad som ska bevakas, vem man ringer…</translation>
    </message>
    <message>
        <source>Save note</source>
        <translation>Spara anteckning</translation>
    </message>
    <message>
        <source>Cancel edit</source>
        <translation>Avbryt ändring</translation>
    </message>
    <message>
        <source>New note</source>
        <translation>Ny anteckning</translation>
    </message>
    <message>
        <source>Remembered on this workstation; the handover covers {start} until it is printed.</source>
        <translation>Sparat på den här arbetsplatsen; överlämningen omfattar {start} fram till utskriften.</translation>
    </message>
    <message>
        <source>No shift start set: the handover covers the last twelve hours.</source>
        <translation>Ingen skiftstart angiven: överlämningen omfattar de senaste tolv timmarna.</translation>
    </message>
    <message>
        <source>{n} of {max} characters</source>
        <translation>{n} av {max} tecken</translation>
    </message>
    <message numerus="yes">
        <source>Notes of this shift (%n)</source>
        <translation>
            <numerusform>Anteckningar för skiftet (%n)</numerusform>
            <numerusform>Anteckningar för skiftet (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Write the note first.</source>
        <translation>Skriv anteckningen först.</translation>
    </message>
    <message>
        <source>Editing the note of {when} by {who}</source>
        <translation>Ändrar anteckningen från {when} av {who}</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>Spara ändringar</translation>
    </message>
    <message>
        <source>Delete handover note</source>
        <translation>Ta bort överlämningsanteckning</translation>
    </message>
    <message>
        <source>Delete the note of {when} by {who}? It is no longer printed in the handover; the audit log keeps what it said.</source>
        <translation>Ta bort anteckningen från {when} av {who}? Den skrivs inte längre ut i överlämningen; ändringsloggen behåller vad den sa.</translation>
    </message>
    <message>
        <source>Handover note deleted</source>
        <translation>Överlämningsanteckningen borttagen</translation>
    </message>
    <message>
        <source>Handover note changed</source>
        <translation>Överlämningsanteckningen ändrad</translation>
    </message>
    <message>
        <source>Handover note saved</source>
        <translation>Överlämningsanteckningen sparad</translation>
    </message>
    <message>
        <source>The note could not be saved: something unexpected went wrong; the details are in the log.</source>
        <translation>Anteckningen kunde inte sparas: något oväntat gick fel; detaljerna finns i loggen.</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>en</source>
        <translation>sv</translation>
    </message>
</context>
<context>
    <name>LendDialog</name>
    <message>
        <source>Lend a loaner router</source>
        <translation>Låna ut en lånerouter</translation>
    </message>
    <message>
        <source>Lend</source>
        <translation>Låna ut</translation>
    </message>
    <message>
        <source>Serial on the router, e.g. LR-0001</source>
        <translation>Serienummer på routern, t.ex. LR-0001</translation>
    </message>
    <message>
        <source>(loaners suggested)</source>
        <translation>(lånerouter föreslås)</translation>
    </message>
    <message>
        <source>Customer number, e.g. KUND-10432</source>
        <translation>Kundnummer, t.ex. KUND-10432</translation>
    </message>
    <message>
        <source>Router</source>
        <translation>Router</translation>
    </message>
    <message>
        <source>Outage</source>
        <translation>Driftstörning</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kund</translation>
    </message>
    <message>
        <source>Due back a few days after the outage is restored (a setting); until then the due date follows the current ETA.</source>
        <translation>Ska lämnas tillbaka några dagar efter att driftstörningen är åtgärdad (en inställning); till dess följer återlämningsdagen den aktuella prognosen.</translation>
    </message>
    <message>
        <source>{serial} — {depot}, {km} km, {time}</source>
        <translation>{serial} — {depot}, {km} km, {time}</translation>
    </message>
    <message>
        <source>{customer} already has router {serial} out, since {since} (outage #{outage}). Lend a second router to the same customer?</source>
        <translation>{customer} har redan router {serial} utlånad sedan {since} (driftstörning #{outage}). Låna ut en andra router till samma kund?</translation>
    </message>
    <message>
        <source>Lend a second router</source>
        <translation>Låna ut en andra router</translation>
    </message>
    <message>
        <source>at {depot}</source>
        <translation>på {depot}</translation>
    </message>
    <message>
        <source>There is no open outage to lend for</source>
        <translation>Det finns ingen öppen driftstörning att låna ut för</translation>
    </message>
</context>
<context>
    <name>LinkDeviceDialog</name>
    <message>
        <source>Link {device} to a technician</source>
        <translation>Koppla {device} till en tekniker</translation>
    </message>
    <message>
        <source>{name} (now {device})</source>
        <translation>{name} (nu {device})</translation>
    </message>
    <message numerus="yes">
        <source>The %n kept position(s) of this phone become the technician&apos;s track, and the newest one their position.</source>
        <translation>
            <numerusform>Telefonens %n sparade position blir teknikerns spår och den nyaste teknikerns position.</numerusform>
            <numerusform>Telefonens %n sparade positioner blir teknikerns spår och den nyaste teknikerns position.</numerusform>
        </translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Tekniker</translation>
    </message>
    <message>
        <source>There is no technician to link the phone to</source>
        <translation>Det finns ingen tekniker att koppla telefonen till</translation>
    </message>
    <message>
        <source>{device} linked to {name}</source>
        <translation>{device} kopplad till {name}</translation>
    </message>
</context>
<context>
    <name>LoansPanel</name>
    <message>
        <source>Router</source>
        <translation>Router</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Var</translation>
    </message>
    <message>
        <source>Outage</source>
        <translation>Driftstörning</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kund</translation>
    </message>
    <message>
        <source>Lent</source>
        <translation>Utlånad</translation>
    </message>
    <message>
        <source>Due back</source>
        <translation>Åter senast</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Återlämnad</translation>
    </message>
    <message>
        <source>To collect</source>
        <translation>Att hämta in</translation>
    </message>
    <message>
        <source>With customer</source>
        <translation>Hos kunden</translation>
    </message>
    <message>
        <source>Due back date has passed</source>
        <translation>Återlämningsdagen har passerat</translation>
    </message>
    <message>
        <source>The outage is over: fetch the router back from the customer</source>
        <translation>Driftstörningen är över: hämta tillbaka routern från kunden</translation>
    </message>
    <message>
        <source>Lend…</source>
        <translation>Låna ut…</translation>
    </message>
    <message>
        <source>Lend a router to a customer of an outage</source>
        <translation>Låna ut en router till en kund som berörs av en driftstörning</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>Återlämna</translation>
    </message>
    <message>
        <source>The selected router is back from the customer</source>
        <translation>Den valda routern har kommit tillbaka från kunden</translation>
    </message>
    <message>
        <source>To collect only</source>
        <translation>Bara att hämta in</translation>
    </message>
    <message>
        <source>Routers still with customers although their outage is over</source>
        <translation>Routrar som fortfarande finns hos kunder fast driftstörningen är över</translation>
    </message>
    <message>
        <source>{available} of {total} routers at depots</source>
        <translation>{available} av {total} routrar på depåerna</translation>
    </message>
    <message>
        <source>Loaner routers could not be read: {err}</source>
        <translation>Lånerouterna kunde inte läsas: {err}</translation>
    </message>
    <message numerus="yes">
        <source>Offer loaner routers for %n outage(s):</source>
        <translation>
            <numerusform>Erbjud lånerouter för %n driftstörning:</numerusform>
            <numerusform>Erbjud lånerouter för %n driftstörningar:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>…and %n more</source>
        <translation>
            <numerusform>…och %n till</numerusform>
            <numerusform>…och %n till</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Outage Dispatch Console</source>
        <translation>Driftledningskonsolen</translation>
    </message>
    <message>
        <source>Technicians</source>
        <translation>Tekniker</translation>
    </message>
    <message>
        <source>Depots</source>
        <translation>Depåer</translation>
    </message>
    <message>
        <source>Filter outages: title, area, technician, #id…</source>
        <translation>Filtrera driftstörningar: rubrik, område, tekniker, #id…</translation>
    </message>
    <message>
        <source>Open only</source>
        <translation>Bara öppna</translation>
    </message>
    <message>
        <source>Outages</source>
        <translation>Driftstörningar</translation>
    </message>
    <message>
        <source>Something unexpected went wrong; the details are in the log.</source>
        <translation>Något oväntat gick fel; detaljerna finns i loggen.</translation>
    </message>
    <message>
        <source>Loaners</source>
        <translation>Lånerouter</translation>
    </message>
    <message>
        <source>Unlinked phones</source>
        <translation>Okopplade telefoner</translation>
    </message>
    <message>
        <source>Loading outages, technicians and depots…</source>
        <translation>Hämtar driftstörningar, tekniker och depåer…</translation>
    </message>
    <message>
        <source>The map could not be built</source>
        <translation>Kartan kunde inte byggas</translation>
    </message>
    <message numerus="yes">
        <source>Loaded %n outage(s)</source>
        <translation>
            <numerusform>%n driftstörning hämtad</numerusform>
            <numerusform>%n driftstörningar hämtade</numerusform>
        </translation>
    </message>
    <message>
        <source>offline file</source>
        <translation>lokal fil</translation>
    </message>
    <message>
        <source>Dispatch console</source>
        <translation>Driftledningskonsolen</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <source>the map page could not be loaded</source>
        <translation>kartsidan kunde inte laddas</translation>
    </message>
</context>
<context>
    <name>NewOutageDialog</name>
    <message>
        <source>New outage</source>
        <translation>Ny driftstörning</translation>
    </message>
    <message>
        <source>What is broken, and where</source>
        <translation>Vad som är trasigt, och var</translation>
    </message>
    <message>
        <source>Click the map to place the outage, or type its coordinates.</source>
        <translation>Klicka på kartan för att placera driftstörningen, eller skriv in koordinaterna.</translation>
    </message>
    <message>
        <source>Lat</source>
        <translation>Lat</translation>
    </message>
    <message>
        <source>Lon</source>
        <translation>Long</translation>
    </message>
    <message>
        <source>Village, road or address</source>
        <translation>Ort, väg eller adress</translation>
    </message>
    <message>
        <source>Search place</source>
        <translation>Sök plats</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Rubrik</translation>
    </message>
    <message>
        <source>Customers affected</source>
        <translation>Berörda kunder</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>Orsak</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Område</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Find a place</source>
        <translation>Hitta en plats</translation>
    </message>
    <message>
        <source>Position taken from the map.</source>
        <translation>Positionen hämtad från kartan.</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Söker…</translation>
    </message>
    <message>
        <source>No place found by that name.</source>
        <translation>Ingen plats med det namnet hittades.</translation>
    </message>
    <message>
        <source>Pick a place:</source>
        <translation>Välj en plats:</translation>
    </message>
    <message>
        <source>place search could not reach its server</source>
        <translation>ortsökningen nådde inte sin server</translation>
    </message>
    <message>
        <source>{why}. Click the map or type the coordinates instead.</source>
        <translation>{why}. Klicka på kartan eller skriv koordinaterna i stället.</translation>
    </message>
    <message>
        <source>Position from the place search: {name}</source>
        <translation>Position från platssökningen: {name}</translation>
    </message>
</context>
<context>
    <name>NoteList</name>
    <message>
        <source>Written</source>
        <translation>Skriven</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Av</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Anteckning</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Ändra…</translation>
    </message>
    <message>
        <source>Change the selected note (F2)</source>
        <translation>Ändra vald anteckning (F2)</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Ta bort…</translation>
    </message>
    <message>
        <source>Delete the selected note (Del)</source>
        <translation>Ta bort vald anteckning (Del)</translation>
    </message>
    <message>
        <source>No notes for this shift yet.</source>
        <translation>Inga anteckningar för skiftet ännu.</translation>
    </message>
</context>
<context>
    <name>NoticeDialog</name>
    <message>
        <source>Inform customers</source>
        <translation>Informera kunder</translation>
    </message>
    <message>
        <source>Service restored: the draft tells the customers it works again.</source>
        <translation>Tjänsten återställd: utkastet berättar för kunderna att det fungerar igen.</translation>
    </message>
    <message>
        <source>Long outage: the draft offers a loaner 4G router.</source>
        <translation>Långt avbrott: utkastet erbjuder en lånad 4G-router.</translation>
    </message>
    <message>
        <source>Swedish</source>
        <translation>Svenska</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Engelska</translation>
    </message>
    <message>
        <source>Draft again</source>
        <translation>Nytt utkast</translation>
    </message>
    <message>
        <source>Replace the text with a fresh draft from the outage as it is now</source>
        <translation>Ersätt texten med ett nytt utkast utifrån driftstörningen som den är nu</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Språk:</translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation>Kanal:</translation>
    </message>
    <message>
        <source>Drafting…</source>
        <translation>Skriver utkast…</translation>
    </message>
    <message>
        <source>Send by e-mail or SMS delivers to every affected customer with that contact, each in their own language unless you edited the text. Told them another way (web, phone)? Record it as sent, so every workstation sees that customers were told.</source>
        <translation>Skicka med e-post eller sms når varje berörd kund som har den kontaktvägen, var och en på sitt eget språk om du inte har ändrat texten. Har du informerat på annat sätt (webb, telefon)? Registrera det som skickat, så ser alla arbetsplatser att kunderna har informerats.</translation>
    </message>
    <message>
        <source>Record as sent</source>
        <translation>Registrera som skickat</translation>
    </message>
    <message>
        <source>Send by e-mail</source>
        <translation>Skicka med e-post</translation>
    </message>
    <message>
        <source>Send by SMS</source>
        <translation>Skicka med sms</translation>
    </message>
    <message>
        <source>Your edits are kept. Press “Draft again” for a fresh draft in this language and channel.</source>
        <translation>Dina ändringar behålls. Tryck på ”Nytt utkast” för ett nytt utkast på det här språket och i den här kanalen.</translation>
    </message>
    <message>
        <source>GSM 7-bit</source>
        <translation>GSM 7-bitars</translation>
    </message>
    <message>
        <source>Unicode: fewer characters per SMS</source>
        <translation>Unicode: färre tecken per sms</translation>
    </message>
    <message>
        <source>{n} characters · {parts} · {alphabet}</source>
        <translation>{n} tecken · {parts} · {alphabet}</translation>
    </message>
    <message numerus="yes">
        <source>%n SMS</source>
        <translation>
            <numerusform>%n sms</numerusform>
            <numerusform>%n sms</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n character(s)</source>
        <translation>
            <numerusform>%n tecken</numerusform>
            <numerusform>%n tecken</numerusform>
        </translation>
    </message>
    <message>
        <source>The outage is closed.</source>
        <translation>Driftstörningen är avslutad.</translation>
    </message>
    <message>
        <source>never</source>
        <translation>aldrig</translation>
    </message>
    <message>
        <source>Customers last told: {when} · silent for {gap}</source>
        <translation>Kunderna informerades senast: {when} · tyst i {gap}</translation>
    </message>
    <message>
        <source>The notice text is empty.</source>
        <translation>Meddelandet är tomt.</translation>
    </message>
    <message>
        <source>Notice recorded: customers of #{id} count as told now</source>
        <translation>Meddelandet registrerat: kunderna för #{id} räknas som informerade nu</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) queued for delivery</source>
        <translation>
            <numerusform>%n meddelande köat för utskick</numerusform>
            <numerusform>%n meddelanden köade för utskick</numerusform>
        </translation>
    </message>
    <message>
        <source>%v of %m messages done</source>
        <translation>%v av %m meddelanden klara</translation>
    </message>
    <message>
        <source>Delivery: {sent} sent · {failed} failed · {queued} still to send</source>
        <translation>Leverans: {sent} skickade · {failed} misslyckade · {queued} kvar att skicka</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more (notices deliveries --outage {id})</source>
        <translation>
            <numerusform>… och %n till (notices deliveries --outage {id})</numerusform>
            <numerusform>… och %n till (notices deliveries --outage {id})</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NoticeOffers</name>
    <message numerus="yes">
        <source>#{id} {title}: service restored. Tell the %n customer(s)?</source>
        <translation>
            <numerusform>#{id} {title}: tjänsten är återställd. Meddela kunden?</numerusform>
            <numerusform>#{id} {title}: tjänsten är återställd. Meddela de %n kunderna?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>#{id} {title} will last over {hours} h. Offer the %n customer(s) a loaner 4G router?</source>
        <translation>
            <numerusform>#{id} {title} varar mer än {hours} h. Erbjud kunden en lånad 4G-router?</numerusform>
            <numerusform>#{id} {title} varar mer än {hours} h. Erbjud de %n kunderna en lånad 4G-router?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n more waiting)</source>
        <translation>
            <numerusform>(%n till väntar)</numerusform>
            <numerusform>(%n till väntar)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OfferBar</name>
    <message>
        <source>Send…</source>
        <translation>Skicka…</translation>
    </message>
    <message>
        <source>Open the notice for these customers ({key})</source>
        <translation>Öppna meddelandet till de här kunderna ({key})</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Inte nu</translation>
    </message>
</context>
<context>
    <name>OutageSupplyTab</name>
    <message>
        <source>Loaner routers lent for this outage</source>
        <translation>Lånerouter utlånade för driftstörningen</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kund</translation>
    </message>
    <message>
        <source>Router</source>
        <translation>Router</translation>
    </message>
    <message>
        <source>Lent</source>
        <translation>Utlånad</translation>
    </message>
    <message>
        <source>Due back</source>
        <translation>Åter senast</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Återlämnad</translation>
    </message>
    <message>
        <source>Lend router…</source>
        <translation>Låna ut router…</translation>
    </message>
    <message>
        <source>&amp;Return</source>
        <translation>Åte&amp;rlämna</translation>
    </message>
    <message>
        <source>The selected router is back from the customer</source>
        <translation>Vald router är tillbaka från kunden</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>Material</translation>
    </message>
    <message>
        <source>Lacking</source>
        <translation>Saknas</translation>
    </message>
    <message>
        <source>Depot</source>
        <translation>Depå</translation>
    </message>
    <message>
        <source>At the depot</source>
        <translation>I depån</translation>
    </message>
    <message>
        <source>Drive</source>
        <translation>Körtid</translation>
    </message>
    <message>
        <source>Plan restock…</source>
        <translation>Planera materialhämtning…</translation>
    </message>
    <message>
        <source>{due} (overdue)</source>
        <translation>{due} (försenad)</translation>
    </message>
    <message>
        <source>Due back date has passed</source>
        <translation>Återlämningsdagen har passerat</translation>
    </message>
    <message>
        <source>No router has been lent for this outage.</source>
        <translation>Ingen router har lånats ut för driftstörningen.</translation>
    </message>
    <message numerus="yes">
        <source>Loaner routers lent for this outage: %n out</source>
        <translation>
            <numerusform>Lånerouter utlånade för driftstörningen: %n ute</numerusform>
            <numerusform>Lånerouter utlånade för driftstörningen: %n ute</numerusform>
        </translation>
    </message>
    <message>
        <source>The outage is over: no material to fetch.</source>
        <translation>Driftstörningen är över: inget material att hämta.</translation>
    </message>
    <message>
        <source>{name}&apos;s van has everything this job needs.</source>
        <translation>{name}s bil har allt jobbet behöver.</translation>
    </message>
    <message>
        <source>This job needs no material.</source>
        <translation>Jobbet behöver inget material.</translation>
    </message>
    <message>
        <source>What {name}&apos;s van lacks for this job, at the nearest depots (drive from the technician)</source>
        <translation>Vad som saknas i {name}s bil för jobbet, i de närmaste depåerna (körtid från teknikern)</translation>
    </message>
    <message>
        <source>Nobody assigned: what the job needs, at the depots nearest the site</source>
        <translation>Ingen tilldelad: vad jobbet behöver, i depåerna närmast platsen</translation>
    </message>
    <message>
        <source>no depot has it</source>
        <translation>ingen depå har det</translation>
    </message>
</context>
<context>
    <name>OutageTable</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Outage</source>
        <translation>Driftstörning</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Kunder</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Ålder</translation>
    </message>
    <message>
        <source>ETA</source>
        <translation>Prognos</translation>
    </message>
    <message>
        <source>Since told</source>
        <translation>Sedan info</translation>
    </message>
    <message>
        <source>Technicians</source>
        <translation>Tekniker</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>Orsak</translation>
    </message>
    <message>
        <source>Time since the outage started</source>
        <translation>Tid sedan driftstörningen började</translation>
    </message>
    <message>
        <source>The newest promised restoration time; red when it has passed</source>
        <translation>Den senast lovade tiden för åtgärd; röd när den har passerats</translation>
    </message>
    <message>
        <source>Time since customers were last told; amber past the limit in the settings</source>
        <translation>Tid sedan kunderna senast informerades; gul när gränsen i inställningarna har passerats</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>inte satt</translation>
    </message>
    <message>
        <source>The promised ETA has passed</source>
        <translation>Den lovade prognosen har passerats</translation>
    </message>
    <message>
        <source>Customers have not been told anything for over {n} min</source>
        <translation>Kunderna har inte fått någon information på över {n} min</translation>
    </message>
</context>
<context>
    <name>RestockDialog</name>
    <message>
        <source>Restock run for #{id}</source>
        <translation>Materialhämtning för #{id}</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Tekniker</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>Material</translation>
    </message>
    <message>
        <source>Needed</source>
        <translation>Behövs</translation>
    </message>
    <message>
        <source>In the van</source>
        <translation>I bilen</translation>
    </message>
    <message>
        <source>Short</source>
        <translation>Saknas</translation>
    </message>
    <message>
        <source>Where to get it</source>
        <translation>Var det finns</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Hämtställe</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>To source</source>
        <translation>Till hämtstället</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Totalt</translation>
    </message>
    <message>
        <source>Extra delay</source>
        <translation>Extra försening</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>Komplett</translation>
    </message>
    <message>
        <source>Brings</source>
        <translation>Ger</translation>
    </message>
    <message>
        <source>Best first. Total: technician → source → site. Extra delay: against driving straight to the site. Pick one to see the route on the map.</source>
        <translation>Bästa först. Totalt: tekniker → hämtställe → plats. Extra försening: jämfört med att köra direkt till platsen. Välj ett för att se vägen på kartan.</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Från</translation>
    </message>
    <message>
        <source>At source</source>
        <translation>Vid hämtstället</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Material picked up</source>
        <translation>Material hämtat</translation>
    </message>
    <message>
        <source>The material is in the van: it leaves the source&apos;s stock</source>
        <translation>Materialet är i bilen: det dras från hämtställets lager</translation>
    </message>
    <message>
        <source>Call off run</source>
        <translation>Avbryt hämtningen</translation>
    </message>
    <message>
        <source>The run is called off: the reserved stock is free again</source>
        <translation>Hämtningen är avbruten: det reserverade materialet är fritt igen</translation>
    </message>
    <message>
        <source>Send for material</source>
        <translation>Skicka efter material</translation>
    </message>
    <message>
        <source>What the van lacks</source>
        <translation>Vad som saknas i bilen</translation>
    </message>
    <message>
        <source>Where to fetch it</source>
        <translation>Var det kan hämtas</translation>
    </message>
    <message>
        <source>Material runs for this outage</source>
        <translation>Materialhämtningar för driftstörningen</translation>
    </message>
    <message>
        <source>Working out where the material is…</source>
        <translation>Tar reda på var materialet finns…</translation>
    </message>
    <message>
        <source>No restock plan.</source>
        <translation>Ingen plan för materialhämtning.</translation>
    </message>
    <message>
        <source>straight to the site: {t}</source>
        <translation>direkt till platsen: {t}</translation>
    </message>
    <message>
        <source>Travel times: {how}.</source>
        <translation>Restider: {how}.</translation>
    </message>
    <message>
        <source>The work runs into darkness: a lighting kit is part of what the job needs.</source>
        <translation>Arbetet fortsätter in i mörkret: belysning ingår i det som jobbet kräver.</translation>
    </message>
    <message>
        <source>{name} is already on a run to {source}: mark it picked up or call it off before sending another.</source>
        <translation>{name} är redan på väg till {source}: markera materialet som hämtat eller avbryt innan du skickar en ny.</translation>
    </message>
    <message>
        <source>{name}&apos;s van has everything the job needs. Nothing to fetch.</source>
        <translation>{name}s bil har allt som jobbet kräver. Inget behöver hämtas.</translation>
    </message>
    <message>
        <source>No depot or van that is open on arrival has the missing material.</source>
        <translation>Ingen depå eller bil som är öppen vid ankomsten har det material som saknas.</translation>
    </message>
    <message>
        <source>Not offered, closed when the technician would get there: {names}</source>
        <translation>Visas inte, stängt när teknikern skulle komma fram: {names}</translation>
    </message>
    <message>
        <source>all of it at {name} only</source>
        <translation>allt finns bara på {name}</translation>
    </message>
    <message>
        <source>all of it at {n} sources, quickest {name}</source>
        <translation>allt finns på {n} hämtställen, snabbast {name}</translation>
    </message>
    <message numerus="yes">
        <source>only part of it, at %n source(s)</source>
        <translation>
            <numerusform>bara en del av det, på %n ställe</numerusform>
            <numerusform>bara en del av det, på %n ställen</numerusform>
        </translation>
    </message>
    <message>
        <source>nowhere that is open</source>
        <translation>inget ställe som är öppet</translation>
    </message>
    <message>
        <source>Nothing is missing</source>
        <translation>Inget saknas</translation>
    </message>
    <message>
        <source>Depot</source>
        <translation>Depå</translation>
    </message>
    <message>
        <source>Van</source>
        <translation>Bil</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>partly</source>
        <translation>delvis</translation>
    </message>
    <message>
        <source>No runs yet</source>
        <translation>Inga hämtningar än</translation>
    </message>
    <message>
        <source>A run is already under way for this technician: mark it picked up or call it off first</source>
        <translation>Teknikern har redan en pågående hämtning: markera den som hämtad eller avbryt den först</translation>
    </message>
    <message>
        <source>Reserve the material at the chosen source and send the technician there</source>
        <translation>Reservera materialet på det valda hämtstället och skicka dit teknikern</translation>
    </message>
</context>
<context>
    <name>RestockRun</name>
    <message>
        <source>under way</source>
        <translation>pågår</translation>
    </message>
    <message>
        <source>picked up</source>
        <translation>hämtat</translation>
    </message>
    <message>
        <source>called off</source>
        <translation>avbruten</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>Return a loaner router</source>
        <translation>Återlämna en lånerouter</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>Återlämna</translation>
    </message>
    <message>
        <source>{serial}, lent to {customer} for #{outage} {title}</source>
        <translation>{serial}, utlånad till {customer} för #{outage} {title}</translation>
    </message>
    <message>
        <source>Where it was lent from</source>
        <translation>Var den lånades ut från</translation>
    </message>
    <message>
        <source>Router</source>
        <translation>Router</translation>
    </message>
    <message>
        <source>Back to</source>
        <translation>Tillbaka till</translation>
    </message>
</context>
<context>
    <name>RevisedEtaDialog</name>
    <message>
        <source>Revise the ETA of #{id}?</source>
        <translation>Ändra prognosen för #{id}?</translation>
    </message>
    <message>
        <source>{tech} is sent to {source}, there at {at}. The detour adds {extra} to the work.</source>
        <translation>{tech} skickas till {source}, framme {at}. Omvägen lägger till {extra} till arbetet.</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>inte satt</translation>
    </message>
    <message>
        <source>current ETA + {extra}</source>
        <translation>aktuell prognos + {extra}</translation>
    </message>
    <message>
        <source>built up from now: travel, material, repair, darkness</source>
        <translation>räknat från nu: resa, material, reparation, mörker</translation>
    </message>
    <message>
        <source>Restock run to {source} (+{extra})</source>
        <translation>Materialhämtning från {source} (+{extra})</translation>
    </message>
    <message>
        <source>Customers have been told this ETA</source>
        <translation>Kunderna har fått den här prognosen</translation>
    </message>
    <message>
        <source>Current ETA</source>
        <translation>Aktuell prognos</translation>
    </message>
    <message>
        <source>Revised ETA</source>
        <translation>Ny prognos</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Orsak</translation>
    </message>
    <message>
        <source>Restocking material</source>
        <translation>Materialhämtning</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Anteckning</translation>
    </message>
    <message>
        <source>Record revised ETA</source>
        <translation>Registrera ny prognos</translation>
    </message>
    <message>
        <source>Keep the current ETA</source>
        <translation>Behåll nuvarande prognos</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Customers not told after</source>
        <translation>Kunder ej informerade efter</translation>
    </message>
    <message>
        <source>min</source>
        <translation>min</translation>
    </message>
    <message>
        <source>Suggest loaner routers when the outage is expected to last over</source>
        <translation>Föreslå lånerouter när driftstörningen väntas vara längre än</translation>
    </message>
    <message>
        <source>h</source>
        <translation>h</translation>
    </message>
    <message>
        <source>Loaner routers due back after restoration</source>
        <translation>Lånerouter ska lämnas tillbaka efter åtgärd inom</translation>
    </message>
    <message>
        <source>days</source>
        <translation>dagar</translation>
    </message>
    <message>
        <source>Technician position stale after</source>
        <translation>Teknikerns position är gammal efter</translation>
    </message>
    <message>
        <source>Road distance / straight line</source>
        <translation>Vägavstånd / fågelvägen</translation>
    </message>
    <message>
        <source>×</source>
        <translation>×</translation>
    </message>
    <message>
        <source>Average driving speed</source>
        <translation>Medelhastighet vid körning</translation>
    </message>
    <message>
        <source>km/h</source>
        <translation>km/h</translation>
    </message>
    <message>
        <source>Road travel times from the OSRM server</source>
        <translation>Körtider längs vägnätet från OSRM-servern</translation>
    </message>
    <message>
        <source>(empty: straight-line estimates)</source>
        <translation>(tomt: uppskattning fågelvägen)</translation>
    </message>
    <message>
        <source>Time per stop (parking, loading)</source>
        <translation>Tid per stopp (parkering, lastning)</translation>
    </message>
    <message>
        <source>Work after dark takes</source>
        <translation>Arbete i mörker tar</translation>
    </message>
    <message>
        <source>× as long</source>
        <translation>× så lång tid</translation>
    </message>
    <message>
        <source>Repair time, excavation damage</source>
        <translation>Reparationstid, grävskada</translation>
    </message>
    <message>
        <source>Repair time, cable fault</source>
        <translation>Reparationstid, kabelfel</translation>
    </message>
    <message>
        <source>Repair time, equipment failure</source>
        <translation>Reparationstid, utrustningsfel</translation>
    </message>
    <message>
        <source>Repair time, power failure</source>
        <translation>Reparationstid, strömavbrott</translation>
    </message>
    <message>
        <source>Repair time, weather</source>
        <translation>Reparationstid, väder</translation>
    </message>
    <message>
        <source>Repair time, unknown cause</source>
        <translation>Reparationstid, okänd orsak</translation>
    </message>
    <message>
        <source>SMTP server for e-mailed notices</source>
        <translation>SMTP-server för meddelanden via e-post</translation>
    </message>
    <message>
        <source>(empty: no e-mail)</source>
        <translation>(tomt: ingen e-post)</translation>
    </message>
    <message>
        <source>SMTP server port</source>
        <translation>SMTP-serverns port</translation>
    </message>
    <message>
        <source>Sender address of e-mailed notices</source>
        <translation>Avsändaradress för e-postmeddelanden</translation>
    </message>
    <message>
        <source>SMTP login name</source>
        <translation>SMTP-inloggningsnamn</translation>
    </message>
    <message>
        <source>(empty: no login)</source>
        <translation>(tomt: ingen inloggning)</translation>
    </message>
    <message>
        <source>Encrypt the SMTP connection (STARTTLS)</source>
        <translation>Kryptera SMTP-anslutningen (STARTTLS)</translation>
    </message>
    <message>
        <source>1: yes, 0: no</source>
        <translation>1: ja, 0: nej</translation>
    </message>
    <message>
        <source>SMS API (46elks-compatible)</source>
        <translation>SMS-API (46elks-kompatibelt)</translation>
    </message>
    <message>
        <source>(empty: no SMS)</source>
        <translation>(tomt: inga SMS)</translation>
    </message>
    <message>
        <source>SMS API user name</source>
        <translation>SMS-API:ets användarnamn</translation>
    </message>
    <message>
        <source>SMS sender name or number</source>
        <translation>SMS-avsändarens namn eller nummer</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Inställningar</translation>
    </message>
    <message>
        <source>This workstation</source>
        <translation>Den här arbetsplatsen</translation>
    </message>
    <message>
        <source>All workstations</source>
        <translation>Alla arbetsplatser</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Ditt namn</translation>
    </message>
    <message>
        <source>Written in the log with every change you make.</source>
        <translation>Skrivs i loggen vid varje ändring du gör.</translation>
    </message>
    <message>
        <source>Local file on this computer</source>
        <translation>Lokal fil på den här datorn</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Databas</translation>
    </message>
    <message>
        <source>For example postgresql://dispatch@dbserver/dispatch to share one database between workstations. Takes effect when the console is restarted.</source>
        <translation>Till exempel postgresql://dispatch@dbserver/dispatch för att dela en databas mellan arbetsplatser. Gäller när konsolen startas om.</translation>
    </message>
    <message>
        <source>OpenStreetMap (online)</source>
        <translation>OpenStreetMap (via internet)</translation>
    </message>
    <message>
        <source>Offline map file (MBTiles)</source>
        <translation>Lokal kartfil (MBTiles)</translation>
    </message>
    <message>
        <source>No background map</source>
        <translation>Ingen bakgrundskarta</translation>
    </message>
    <message>
        <source>Choose an .mbtiles file</source>
        <translation>Välj en .mbtiles-fil</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Bläddra…</translation>
    </message>
    <message>
        <source>Background map</source>
        <translation>Bakgrundskarta</translation>
    </message>
    <message>
        <source>Map file</source>
        <translation>Kartfil</translation>
    </message>
    <message>
        <source>Takes effect when the console is restarted.</source>
        <translation>Gäller när konsolen startas om.</translation>
    </message>
    <message>
        <source>As the computer (system language)</source>
        <translation>Som datorn (systemspråk)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Språk</translation>
    </message>
    <message>
        <source>Offline map file</source>
        <translation>Lokal kartfil</translation>
    </message>
    <message>
        <source>MBTiles map files (*.mbtiles);;All files (*)</source>
        <translation>MBTiles-kartfiler (*.mbtiles);;Alla filer (*)</translation>
    </message>
    <message>
        <source>Choose the offline map file, or another background map.</source>
        <translation>Välj den lokala kartfilen, eller en annan bakgrundskarta.</translation>
    </message>
    <message>
        <source>The map file {path} does not exist.</source>
        <translation>Kartfilen {path} finns inte.</translation>
    </message>
    <message>
        <source>The database must be a URL such as postgresql://user@host/dispatch or sqlite:///path/to/file.sqlite3.</source>
        <translation>Databasen ska anges som en URL, till exempel postgresql://användare@server/dispatch eller sqlite:///sökväg/till/fil.sqlite3.</translation>
    </message>
    <message>
        <source>Shared by every workstation; changes are logged under your name.</source>
        <translation>Gemensamt för alla arbetsplatser; ändringar loggas under ditt namn.</translation>
    </message>
    <message>
        <source>Fitting from driven trips…</source>
        <translation>Anpassar efter körda resor…</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Godta</translation>
    </message>
    <message>
        <source>Write the fitted factor into the shared setting now</source>
        <translation>Skriv in den anpassade faktorn i den gemensamma inställningen nu</translation>
    </message>
    <message>
        <source>Too few driven trips to fit ({n} of {needed})</source>
        <translation>För få körda resor för att anpassa ({n} av {needed})</translation>
    </message>
    <message>
        <source>Fitted from {n} trips: {factor}</source>
        <translation>Anpassad efter {n} resor: {factor}</translation>
    </message>
    <message>
        <source>No fit: {err}</source>
        <translation>Ingen anpassning: {err}</translation>
    </message>
    <message>
        <source>The shared settings could not be read: {err}</source>
        <translation>De gemensamma inställningarna kunde inte läsas: {err}</translation>
    </message>
    <message>
        <source>“{label}” must be an http(s) URL such as http://localhost:5000, or empty.</source>
        <translation>”{label}” måste vara en http(s)-adress som http://localhost:5000, eller tomt.</translation>
    </message>
    <message>
        <source>“{label}” must be at least {minimum}.</source>
        <translation>”{label}” måste vara minst {minimum}.</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>ett heltal</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>ett tal</translation>
    </message>
    <message>
        <source>0 or more</source>
        <translation>0 eller mer</translation>
    </message>
    <message>
        <source>more than 0</source>
        <translation>större än 0</translation>
    </message>
    <message>
        <source>“{label}” must be {kind}, {limit}.</source>
        <translation>”{label}” måste vara {kind}, {limit}.</translation>
    </message>
    <message>
        <source>The settings could not be saved: something unexpected went wrong; the details are in the log.</source>
        <translation>Inställningarna kunde inte sparas: något oväntat gick fel; detaljerna finns i loggen.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Kortkommandon</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Kommando</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tangenter</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Övrigt</translation>
    </message>
</context>
<context>
    <name>StatusDialog</name>
    <message>
        <source>Change status of #{id}</source>
        <translation>Ändra status för #{id}</translation>
    </message>
    <message>
        <source>Pick the new status</source>
        <translation>Välj ny status</translation>
    </message>
    <message>
        <source>Outage</source>
        <translation>Driftstörning</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Nu</translation>
    </message>
    <message>
        <source>New status</source>
        <translation>Ny status</translation>
    </message>
    <message>
        <source>Pick the new status first.</source>
        <translation>Välj ny status först.</translation>
    </message>
</context>
<context>
    <name>StatusExporter</name>
    <message>
        <source>Export the public status page into…</source>
        <translation>Exportera den publika driftinformationssidan till…</translation>
    </message>
    <message>
        <source>Re-export the public status page into…</source>
        <translation>Exportera om den publika driftinformationssidan till…</translation>
    </message>
    <message>
        <source>The status page is re-exported into {folder} after every change</source>
        <translation>Driftinformationssidan exporteras om till {folder} efter varje ändring</translation>
    </message>
    <message>
        <source>Status page exported to {folder}</source>
        <translation>Driftinformationssidan exporterad till {folder}</translation>
    </message>
    <message>
        <source>Status page exported</source>
        <translation>Driftinformationssidan exporterad</translation>
    </message>
    <message>
        <source>Written to {folder}:
index.html, status.json, feed.atom</source>
        <translation>Skrivet till {folder}:
index.html, status.json, feed.atom</translation>
    </message>
    <message>
        <source>The status page could not be exported: {err}</source>
        <translation>Driftinformationssidan kunde inte exporteras: {err}</translation>
    </message>
    <message>
        <source>Status page not exported</source>
        <translation>Driftinformationssidan exporterades inte</translation>
    </message>
</context>
<context>
    <name>StatusFilterCombo</name>
    <message>
        <source>Any status</source>
        <translation>Alla statusar</translation>
    </message>
    <message>
        <source>Show only outages with this status, on the board and the map</source>
        <translation>Visa bara driftstörningar med den här statusen, i listan och på kartan</translation>
    </message>
</context>
<context>
    <name>StatusLabels</name>
    <message>
        <source>Open outages: {n}</source>
        <translation>Öppna driftstörningar: {n}</translation>
    </message>
    <message>
        <source>Customers affected: {n}</source>
        <translation>Berörda kunder: {n}</translation>
    </message>
    <message>
        <source>On duty: {n}</source>
        <translation>I tjänst: {n}</translation>
    </message>
    <message>
        <source>Not told &gt; {limit} min: {n}</source>
        <translation>Ej informerade &gt; {limit} min: {n}</translation>
    </message>
    <message>
        <source>Routers out: {out} · to collect: {collect}</source>
        <translation>Utlånade routrar: {out} · att hämta in: {collect}</translation>
    </message>
    <message>
        <source>Map tiles: loading</source>
        <translation>Karta: laddas</translation>
    </message>
    <message>
        <source>Map tiles: {source}</source>
        <translation>Karta: {source}</translation>
    </message>
    <message>
        <source>Map tiles unavailable</source>
        <translation>Kartan är inte tillgänglig</translation>
    </message>
    <message>
        <source>Map tiles: off</source>
        <translation>Karta: av</translation>
    </message>
    <message>
        <source>database: connecting…</source>
        <translation>databas: ansluter…</translation>
    </message>
    <message>
        <source>database: connected</source>
        <translation>databas: ansluten</translation>
    </message>
    <message>
        <source>database unreachable — retrying</source>
        <translation>databasen nås inte — försöker igen</translation>
    </message>
</context>
<context>
    <name>SuggestionPanel</name>
    <message>
        <source>Working it out…</source>
        <translation>Räknar…</translation>
    </message>
    <message>
        <source>Computed {when}, rounded up to the quarter hour</source>
        <translation>Beräknat {when}, avrundat uppåt till närmaste kvart</translation>
    </message>
    <message>
        <source>travel {t}</source>
        <translation>resa {t}</translation>
    </message>
    <message>
        <source>restock {t} ({source})</source>
        <translation>materialhämtning {t} ({source})</translation>
    </message>
    <message>
        <source>Promise this</source>
        <translation>Lova denna</translation>
    </message>
    <message>
        <source>Use likely</source>
        <translation>Använd trolig</translation>
    </message>
    <message>
        <source>Promise: {when}</source>
        <translation>Lova: {when}</translation>
    </message>
    <message>
        <source>Likely: {when}</source>
        <translation>Troligt: {when}</translation>
    </message>
    <message>
        <source>Promise the later time: about 4 repairs in 5 like this one were done by then, and customers forgive an early restoration far more readily than a late one.</source>
        <translation>Lova den senare tiden: ungefär 4 av 5 liknande reparationer var klara då, och kunderna förlåter en tidig återställning mycket lättare än en sen.</translation>
    </message>
    <message>
        <source>Promise the later time: it leaves room for a repair that runs long, and customers forgive an early restoration far more readily than a late one.</source>
        <translation>Lova den senare tiden: den ger utrymme för en reparation som drar ut på tiden, och kunderna förlåter en tidig återställning mycket lättare än en sen.</translation>
    </message>
    <message>
        <source>repair {t}–{high}</source>
        <translation>reparation {t}–{high}</translation>
    </message>
    <message>
        <source>darkness {t}</source>
        <translation>mörker {t}</translation>
    </message>
    <message>
        <source>No technician with a known position: travel is left out.</source>
        <translation>Ingen tekniker med känd position: resan räknas inte med.</translation>
    </message>
    <message>
        <source>Nobody is assigned: travel from the nearest on duty, {name}.</source>
        <translation>Ingen är tilldelad: resa från närmaste tekniker i tjänst, {name}.</translation>
    </message>
    <message>
        <source>Travel from {name}&apos;s last position.</source>
        <translation>Resa från {name}s senaste position.</translation>
    </message>
    <message>
        <source>{h} h of the work in the dark.</source>
        <translation>{h} h av arbetet i mörker.</translation>
    </message>
    <message>
        <source>Material is short and no open source has it: not included.</source>
        <translation>Material saknas och inget öppet hämtställe har det: inte medräknat.</translation>
    </message>
    <message>
        <source>Drive times: {how}.</source>
        <translation>Körtider: {how}.</translation>
    </message>
    <message>
        <source>The recorded ETA ({when}) is {apart} later than this suggestion.</source>
        <translation>Den registrerade prognosen ({when}) ligger {apart} senare än det här förslaget.</translation>
    </message>
    <message>
        <source>It was moved later for: {reasons}.</source>
        <translation>Den har flyttats senare på grund av: {reasons}.</translation>
    </message>
    <message>
        <source>The last revision ({reason}) says: “{note}”</source>
        <translation>Den senaste ändringen ({reason}) säger: ”{note}”</translation>
    </message>
    <message>
        <source>The suggestion knows only travel, the usual repair time, material and darkness from now, not what those revisions found: keep the recorded ETA unless that is over.</source>
        <translation>Förslaget känner bara till resan, den vanliga reparationstiden, material och mörker från nu, inte det som de ändringarna kom fram till: behåll den registrerade prognosen om inte det är avklarat.</translation>
    </message>
    <message>
        <source>The recorded ETA ({when}) is {apart} earlier than this suggestion.</source>
        <translation>Den registrerade prognosen ({when}) ligger {apart} tidigare än det här förslaget.</translation>
    </message>
    <message>
        <source>a restock run {t}</source>
        <translation>en materialhämtning {t}</translation>
    </message>
    <message>
        <source>slower work in the dark {t}</source>
        <translation>långsammare arbete i mörker {t}</translation>
    </message>
    <message>
        <source>The suggestion counts {parts} and the repair time of outages like this one; the recorded ETA may not: it is likely to be missed.</source>
        <translation>Förslaget räknar med {parts} och reparationstiden för liknande driftstörningar; det gör kanske inte den registrerade prognosen: den riskerar att inte hållas.</translation>
    </message>
    <message>
        <source>Repair time: the setting for {cause}; no restored outages of that kind yet.</source>
        <translation>Reparationstid: inställningen för {cause}; inga återställda avbrott av det slaget ännu.</translation>
    </message>
    <message numerus="yes">
        <source>Repair time from %n restored outage(s) of this kind ({cause}), median {median}.</source>
        <translation>
            <numerusform>Reparationstid från %n återställt avbrott av det här slaget ({cause}), median {median}.</numerusform>
            <numerusform>Reparationstid från %n återställda avbrott av det här slaget ({cause}), median {median}.</numerusform>
        </translation>
    </message>
    <message>
        <source>No suggestion</source>
        <translation>Inget förslag</translation>
    </message>
</context>
<context>
    <name>TechnicianActions</name>
    <message>
        <source>Show track (last {h} h)</source>
        <translation>Visa spår (senaste {h} h)</translation>
    </message>
    <message>
        <source>Draw where the selected technician drove in the last hours</source>
        <translation>Rita var den valda teknikern har kört de senaste timmarna</translation>
    </message>
    <message>
        <source>Hide track</source>
        <translation>Dölj spår</translation>
    </message>
    <message>
        <source>Remove the drawn track from the map</source>
        <translation>Ta bort det ritade spåret från kartan</translation>
    </message>
    <message>
        <source>Set device id…</source>
        <translation>Ange enhets-id…</translation>
    </message>
    <message>
        <source>Bind the phone that reports the selected technician&apos;s position</source>
        <translation>Koppla telefonen som rapporterar den valda teknikerns position</translation>
    </message>
    <message>
        <source>Select a technician in the Technicians list first.</source>
        <translation>Välj först en tekniker i teknikerlistan.</translation>
    </message>
    <message>
        <source>No positions from {name} in the {h} h before the last fix.</source>
        <translation>Inga positioner från {name} under de {h} h före den senaste positionen.</translation>
    </message>
    <message>
        <source>Track of {name}: {n} positions {start}–{end}</source>
        <translation>Spår för {name}: {n} positioner {start}–{end}</translation>
    </message>
</context>
<context>
    <name>TechnicianPanel</name>
    <message>
        <source>On duty only</source>
        <translation>Bara i tjänst</translation>
    </message>
</context>
<context>
    <name>TechnicianTable</name>
    <message>
        <source>Technician</source>
        <translation>Tekniker</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Uppdrag</translation>
    </message>
    <message>
        <source>Last fix</source>
        <translation>Senaste position</translation>
    </message>
    <message>
        <source>Van lacks</source>
        <translation>Saknas i bilen</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>Fordon</translation>
    </message>
    <message>
        <source>no fix</source>
        <translation>ingen position</translation>
    </message>
    <message>
        <source>{age} (stale)</source>
        <translation>{age} (gammal)</translation>
    </message>
    <message>
        <source>Van stock:</source>
        <translation>Lager i bilen:</translation>
    </message>
    <message>
        <source>No position for over {n} minutes</source>
        <translation>Ingen position på över {n} minuter</translation>
    </message>
</context>
<context>
    <name>UnlinkedPhones</name>
    <message>
        <source>Device</source>
        <translation>Enhet</translation>
    </message>
    <message>
        <source>Last position</source>
        <translation>Senaste position</translation>
    </message>
    <message>
        <source>Fixes kept</source>
        <translation>Sparade positioner</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Senast hörd</translation>
    </message>
    <message>
        <source>{km} km from {place}</source>
        <translation>{km} km från {place}</translation>
    </message>
    <message>
        <source>{age} ago</source>
        <translation>för {age} sedan</translation>
    </message>
    <message>
        <source>first fix {first}, last fix {last}</source>
        <translation>första position {first}, senaste {last}</translation>
    </message>
</context>
<context>
    <name>UnregisteredPanel</name>
    <message>
        <source>Link to technician…</source>
        <translation>Koppla till tekniker…</translation>
    </message>
    <message>
        <source>Say whose phone this is: its kept positions become their track</source>
        <translation>Ange vems telefonen är: dess sparade positioner blir teknikerns spår</translation>
    </message>
    <message>
        <source>No unlinked phones. A phone that sends positions under a device id no technician has appears here, with its positions kept until you link it.</source>
        <translation>Inga okopplade telefoner. En telefon som skickar positioner med ett enhets-id som ingen tekniker har visas här, och dess positioner sparas tills du kopplar den.</translation>
    </message>
    <message numerus="yes">
        <source>%n phone(s)</source>
        <translation>
            <numerusform>%n telefon</numerusform>
            <numerusform>%n telefoner</numerusform>
        </translation>
    </message>
    <message>
        <source>Unlinked phones could not be read: {err}</source>
        <translation>Okopplade telefoner kunde inte läsas: {err}</translation>
    </message>
    <message numerus="yes">
        <source>Unlinked phones (%n)</source>
        <translation>
            <numerusform>Okopplade telefoner (%n)</numerusform>
            <numerusform>Okopplade telefoner (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Unlinked phones</source>
        <translation>Okopplade telefoner</translation>
    </message>
</context>
<context>
    <name>Vocabulary</name>
    <message>
        <source>SMS</source>
        <translation>Sms</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-post</translation>
    </message>
    <message>
        <source>Web</source>
        <translation>Webb</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>Actions</source>
        <translation>Åtgärder</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Arkiv</translation>
    </message>
    <message>
        <source>&amp;Outage</source>
        <translation>&amp;Driftstörning</translation>
    </message>
    <message>
        <source>&amp;Technician</source>
        <translation>&amp;Tekniker</translation>
    </message>
    <message>
        <source>&amp;Customers</source>
        <translation>&amp;Kunder</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Visa</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Inställningar</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hjälp</translation>
    </message>
    <message>
        <source>New outage…</source>
        <translation>Ny driftstörning…</translation>
    </message>
    <message>
        <source>Record a new outage: click the map, type coordinates or search a place</source>
        <translation>Registrera en ny driftstörning: klicka på kartan, skriv koordinater eller sök en plats</translation>
    </message>
    <message>
        <source>Assign technician…</source>
        <translation>Tilldela tekniker…</translation>
    </message>
    <message>
        <source>Send a technician to the selected outage</source>
        <translation>Skicka en tekniker till den valda driftstörningen</translation>
    </message>
    <message>
        <source>Change status…</source>
        <translation>Ändra status…</translation>
    </message>
    <message>
        <source>Move the selected outage to another status</source>
        <translation>Flytta den valda driftstörningen till en annan status</translation>
    </message>
    <message>
        <source>Set ETA…</source>
        <translation>Ange prognos…</translation>
    </message>
    <message>
        <source>Promise a new restoration time, with its reason</source>
        <translation>Lova en ny tid för åtgärd, med orsak</translation>
    </message>
    <message>
        <source>Restock run…</source>
        <translation>Materialhämtning…</translation>
    </message>
    <message>
        <source>Where the technician fetches missing material, and what the detour does to the ETA</source>
        <translation>Var teknikern hämtar material som saknas, och hur omvägen påverkar prognosen</translation>
    </message>
    <message>
        <source>Affected area…</source>
        <translation>Påverkat område…</translation>
    </message>
    <message>
        <source>Tie the outage to network nodes or a radius: the register says who it affects</source>
        <translation>Koppla störningen till nätnoder eller en radie: registret visar vilka den berör</translation>
    </message>
    <message>
        <source>ETA accuracy…</source>
        <translation>Prognosernas träffsäkerhet…</translation>
    </message>
    <message>
        <source>How late or early restorations came against the promised ETAs, by cause</source>
        <translation>Hur sent eller tidigt felen åtgärdades jämfört med utlovade prognoser, per orsak</translation>
    </message>
    <message>
        <source>Show all on map</source>
        <translation>Visa allt på kartan</translation>
    </message>
    <message>
        <source>Zoom the map to every outage, technician and depot</source>
        <translation>Zooma kartan så att alla driftstörningar, tekniker och depåer syns</translation>
    </message>
    <message>
        <source>Show open outages on map</source>
        <translation>Visa öppna driftstörningar på kartan</translation>
    </message>
    <message>
        <source>Zoom the map to the open outages and the technicians sent to them</source>
        <translation>Zooma kartan till de öppna driftstörningarna och teknikerna som skickats dit</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Uppdatera</translation>
    </message>
    <message>
        <source>Reload everything from the database</source>
        <translation>Läs in allt på nytt från databasen</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Avsluta</translation>
    </message>
    <message>
        <source>Close the console</source>
        <translation>Stäng konsolen</translation>
    </message>
    <message>
        <source>Inform customers…</source>
        <translation>Informera kunder…</translation>
    </message>
    <message>
        <source>Draft a notice for the outage&apos;s customers, edit it and record it as sent</source>
        <translation>Skriv ett utkast till meddelande för driftstörningens kunder, redigera det och registrera det som skickat</translation>
    </message>
    <message>
        <source>Export public status page…</source>
        <translation>Exportera publik driftinformationssida…</translation>
    </message>
    <message>
        <source>Write index.html, status.json and an Atom feed of the open outages into a folder</source>
        <translation>Skriv index.html, status.json och ett Atom-flöde med de öppna driftstörningarna till en mapp</translation>
    </message>
    <message>
        <source>Re-export on every change</source>
        <translation>Exportera om vid varje ändring</translation>
    </message>
    <message>
        <source>Keep the public status page in its folder current after every change</source>
        <translation>Håll den publika driftinformationssidan i mappen aktuell efter varje ändring</translation>
    </message>
    <message>
        <source>Lend loaner router…</source>
        <translation>Låna ut lånerouter…</translation>
    </message>
    <message>
        <source>Lend a 4G router to a customer of an outage</source>
        <translation>Låna ut en 4G-router till en kund som berörs av en driftstörning</translation>
    </message>
    <message>
        <source>Export handover PDF…</source>
        <translation>Exportera överlämning som PDF…</translation>
    </message>
    <message>
        <source>The shift handover as a PDF file</source>
        <translation>Skiftöverlämningen som PDF-fil</translation>
    </message>
    <message>
        <source>Print handover…</source>
        <translation>Skriv ut överlämning…</translation>
    </message>
    <message>
        <source>Print the shift handover</source>
        <translation>Skriv ut skiftöverlämningen</translation>
    </message>
    <message>
        <source>Handover notes…</source>
        <translation>Överlämningsanteckningar…</translation>
    </message>
    <message>
        <source>Notes for the next dispatcher, printed in the handover</source>
        <translation>Anteckningar till nästa driftledare, skrivs ut i överlämningen</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Inställningar…</translation>
    </message>
    <message>
        <source>This workstation&apos;s settings and the shared thresholds</source>
        <translation>Den här arbetsplatsens inställningar och de gemensamma gränsvärdena</translation>
    </message>
    <message>
        <source>Find outage</source>
        <translation>Sök driftstörning</translation>
    </message>
    <message>
        <source>Type in the outage board&apos;s filter</source>
        <translation>Skriv i driftstörningslistans filter</translation>
    </message>
    <message>
        <source>Clear filter</source>
        <translation>Rensa filter</translation>
    </message>
    <message>
        <source>Show every outage on the board again</source>
        <translation>Visa alla driftstörningar i listan igen</translation>
    </message>
    <message>
        <source>Go to outage board</source>
        <translation>Gå till driftstörningslistan</translation>
    </message>
    <message>
        <source>Move the keyboard focus to the outage board</source>
        <translation>Flytta tangentbordsfokus till driftstörningslistan</translation>
    </message>
    <message>
        <source>Go to technicians</source>
        <translation>Gå till tekniker</translation>
    </message>
    <message>
        <source>Show the technicians list</source>
        <translation>Visa teknikerlistan</translation>
    </message>
    <message>
        <source>Go to depots</source>
        <translation>Gå till depåer</translation>
    </message>
    <message>
        <source>Show the depots list</source>
        <translation>Visa depålistan</translation>
    </message>
    <message>
        <source>Go to loaners</source>
        <translation>Gå till lånerouter</translation>
    </message>
    <message>
        <source>Show the loaner routers</source>
        <translation>Visa lånerouterna</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Kortkommandon</translation>
    </message>
    <message>
        <source>Every command that has a key</source>
        <translation>Alla kommandon som har en tangent</translation>
    </message>
    <message>
        <source>About Outage Dispatch Console</source>
        <translation>Om Driftledningskonsolen</translation>
    </message>
    <message>
        <source>Versions, licences and map data attribution</source>
        <translation>Versioner, licenser och källa för kartdata</translation>
    </message>
</context>
<context>
    <name>_ActionDialog</name>
    <message>
        <source>Retry</source>
        <translation>Försök igen</translation>
    </message>
    <message>
        <source>Try the same save again</source>
        <translation>Försök spara igen</translation>
    </message>
    <message>
        <source>Not saved: {reason}. Your input is kept; press Retry when the database is back.</source>
        <translation>Inte sparat: {reason}. Det du skrivit finns kvar; tryck på Försök igen när databasen är tillbaka.</translation>
    </message>
</context>
<context>
    <name>_LoanDialog</name>
    <message>
        <source>{err}. Nothing was changed.</source>
        <translation>{err}. Inget ändrades.</translation>
    </message>
</context>
<context>
    <name>_PagePrinter</name>
    <message>
        <source>The handover PDF could not be read for printing ({err})</source>
        <translation>Överlämningens PDF kunde inte läsas för utskrift ({err})</translation>
    </message>
    <message>
        <source>The printer could not be opened</source>
        <translation>Skrivaren kunde inte öppnas</translation>
    </message>
    <message>
        <source>Printing page {n} of {total}</source>
        <translation>Skriver ut sida {n} av {total}</translation>
    </message>
</context>
</TS>
