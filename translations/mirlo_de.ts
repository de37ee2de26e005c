<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>mirlo::JobStatusWidget</name>
    <message>
        <source>Cancel running jobs</source>
        <translation>Laufende Aufträge abbrechen</translation>
    </message>
    <message>
        <source> (+%1 more)</source>
        <translation> (+%1 weitere)</translation>
    </message>
</context>
<context>
    <name>mirlo::MainWindow</name>
    <message>
        <source>No audio output device: playback is unavailable, everything else works.</source>
        <translation>Kein Audio-Ausgabegerät: Wiedergabe nicht möglich, alles andere funktioniert.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Tracks</source>
        <translation>Titelliste</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Metadata</source>
        <translation>Metadaten</translation>
    </message>
    <message numerus="yes">
        <source>Opening %n file(s)…</source>
        <translation><numerusform>Öffne %n Datei …</numerusform><numerusform>Öffne %n Dateien …</numerusform></translation>
    </message>
    <message>
        <source>Could not copy the demo track to %1.</source>
        <translation>Der Demo-Titel konnte nicht nach %1 kopiert werden.</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Drop audio files or folders here&lt;/h2&gt;&lt;p&gt;or use File › Open (Ctrl+O) or File › Open Folder.&lt;/p&gt;&lt;p&gt;WAV, FLAC, MP3, Ogg, Opus, M4A/AAC, AIFF, WMA, WebM&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Audiodateien oder Ordner hierher ziehen&lt;/h2&gt;&lt;p&gt;oder Datei › Öffnen (Strg+O) bzw. Datei › Ordner öffnen verwenden.&lt;/p&gt;&lt;p&gt;WAV, FLAC, MP3, Ogg, Opus, M4A/AAC, AIFF, WMA, WebM&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h2&gt;%1 could not be opened&lt;/h2&gt;&lt;p&gt;%2&lt;/p&gt;</source>
        <translation>&lt;h2&gt;%1 konnte nicht geöffnet werden&lt;/h2&gt;&lt;p&gt;%2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Loading %1…&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Lade %1 …&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Opened %1 (decoded in %2 ms)</source>
        <translation>%1 geöffnet (in %2 ms dekodiert)</translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation>%1 konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Open audio files</source>
        <translation>Audiodateien öffnen</translation>
    </message>
    <message>
        <source>Audio files (%1);;All files (*)</source>
        <translation>Audiodateien (%1);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>Open &amp;Folder…</source>
        <translation>&amp;Ordner öffnen …</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Open &amp;Demo Track</source>
        <translation>&amp;Demo-Titel öffnen</translation>
    </message>
    <message>
        <source>&amp;Close Track</source>
        <translation>Titel &amp;schließen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Playback</source>
        <translation>&amp;Wiedergabe</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Mirlo</source>
        <translation>Ü&amp;ber Mirlo</translation>
    </message>
    <message>
        <source>About Mirlo</source>
        <translation>Über Mirlo</translation>
    </message>
    <message>
        <source>&lt;b&gt;Mirlo&lt;/b&gt; %1&lt;br&gt;A workbench for music information retrieval.</source>
        <translation>&lt;b&gt;Mirlo&lt;/b&gt; %1&lt;br&gt;Eine Werkbank für Music Information Retrieval.</translation>
    </message>
    <message numerus="yes">
        <source>Drop to open %n file(s) or folder(s)</source>
        <translation><numerusform>Loslassen, um %n Datei bzw. Ordner zu öffnen</numerusform><numerusform>Loslassen, um %n Dateien bzw. Ordner zu öffnen</numerusform></translation>
    </message>
    <message>
        <source>Audio output: %1</source>
        <translation>Audioausgabe: %1</translation>
    </message>
    <message>
        <source>No audio output device</source>
        <translation>Kein Audio-Ausgabegerät</translation>
    </message>
</context>
<context>
    <name>mirlo::MessageBar</name>
    <message>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
</context>
<context>
    <name>mirlo::MetadataPanel</name>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Artist</source>
        <translation>Interpret</translation>
    </message>
    <message>
        <source>Album</source>
        <translation>Album</translation>
    </message>
    <message>
        <source>Genre</source>
        <translation>Genre</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Jahr</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Sample rate</source>
        <translation>Abtastrate</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>Codec</source>
        <translation>Codec</translation>
    </message>
    <message>
        <source>Bitrate</source>
        <translation>Bitrate</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source> (mono)</source>
        <translation> (Mono)</translation>
    </message>
    <message>
        <source> (stereo)</source>
        <translation> (Stereo)</translation>
    </message>
    <message>
        <source>%1 Hz</source>
        <translation>%1 Hz</translation>
    </message>
    <message>
        <source>%1 kbit/s</source>
        <translation>%1 kbit/s</translation>
    </message>
</context>
<context>
    <name>mirlo::ParametersPanel</name>
    <message>
        <source>Spectrogram</source>
        <translation>Spektrogramm</translation>
    </message>
    <message>
        <source>STFT (linear frequency)</source>
        <translation>STFT (lineare Frequenz)</translation>
    </message>
    <message>
        <source>Mel</source>
        <translation>Mel</translation>
    </message>
    <message>
        <source>Log frequency</source>
        <translation>Logarithmische Frequenz</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Frame size</source>
        <translation>Fenstergröße</translation>
    </message>
    <message>
        <source> samples</source>
        <translation> Samples</translation>
    </message>
    <message>
        <source>Hop</source>
        <translation>Schrittweite</translation>
    </message>
    <message>
        <source>Mel bands</source>
        <translation>Mel-Bänder</translation>
    </message>
    <message>
        <source>Bands / octave</source>
        <translation>Bänder / Oktave</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Fensterfunktion</translation>
    </message>
    <message>
        <source>Display</source>
        <translation>Darstellung</translation>
    </message>
    <message>
        <source>Colours</source>
        <translation>Farben</translation>
    </message>
    <message>
        <source>dB floor</source>
        <translation>dB-Untergrenze</translation>
    </message>
    <message>
        <source>dB ceiling</source>
        <translation>dB-Obergrenze</translation>
    </message>
    <message>
        <source>%1 dB</source>
        <translation>%1 dB</translation>
    </message>
</context>
<context>
    <name>mirlo::PlaybackController</name>
    <message>
        <source>No audio output device</source>
        <translation>Kein Audio-Ausgabegerät</translation>
    </message>
    <message>
        <source>No audio output device: playback is unavailable.</source>
        <translation>Kein Audio-Ausgabegerät: Wiedergabe nicht möglich.</translation>
    </message>
    <message>
        <source>The audio device %1 supports no usable sample format.</source>
        <translation>Das Audiogerät %1 unterstützt kein nutzbares Sample-Format.</translation>
    </message>
    <message>
        <source>The audio device could not be opened.</source>
        <translation>Das Audiogerät konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>Audio output failed (error %1).</source>
        <translation>Die Audioausgabe ist fehlgeschlagen (Fehler %1).</translation>
    </message>
</context>
<context>
    <name>mirlo::RecentFiles</name>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>Liste leeren</translation>
    </message>
</context>
<context>
    <name>mirlo::SpectrogramLane</name>
    <message>
        <source>Computing spectrogram…</source>
        <translation>Berechne Spektrogramm …</translation>
    </message>
    <message>
        <source>Too short for a spectrogram</source>
        <translation>Zu kurz für ein Spektrogramm</translation>
    </message>
</context>
<context>
    <name>mirlo::TrackDetailView</name>
    <message>
        <source>Spectrogram (%1) of %2</source>
        <translation>Spektrogramm (%1) von %2</translation>
    </message>
    <message>
        <source>Spectrogram failed: %1</source>
        <translation>Spektrogramm fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>mirlo::TrackListModel</name>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Track</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Länge</translation>
    </message>
</context>
<context>
    <name>mirlo::TrackLoader</name>
    <message>
        <source>Decoding %1</source>
        <translation>Dekodiere %1</translation>
    </message>
</context>
<context>
    <name>mirlo::TrackSession</name>
    <message>
        <source>No audio files found in %1.</source>
        <translation>Keine Audiodateien in %1 gefunden.</translation>
    </message>
</context>
<context>
    <name>mirlo::TransportBar</name>
    <message>
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Abspielen</translation>
    </message>
    <message>
        <source>Play / pause (Space)</source>
        <translation>Abspielen / Pause (Leertaste)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>Stop and return to the start of the selection or track</source>
        <translation>Anhalten und zum Anfang der Auswahl bzw. des Titels zurückkehren</translation>
    </message>
    <message>
        <source>Loop</source>
        <translation>Schleife</translation>
    </message>
    <message>
        <source>Loop the selected region (L)</source>
        <translation>Ausgewählten Bereich wiederholen (L)</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>Folgen</translation>
    </message>
    <message>
        <source>Scroll the view to follow playback (F)</source>
        <translation>Ansicht folgt der Wiedergabe (F)</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Lautstärke</translation>
    </message>
    <message>
        <source>Play position / duration</source>
        <translation>Wiedergabeposition / Dauer</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
</context>
</TS>
