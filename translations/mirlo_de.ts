<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QObject</name>
    <message>
        <source>None</source>
        <translation>Keins</translation>
    </message>
    <message>
        <source>Pretrained taggers (MTAT)</source>
        <translation>Vortrainierte Tagger (MTAT)</translation>
    </message>
    <message>
        <source>Other models</source>
        <translation>Andere Modelle</translation>
    </message>
    <message>
        <source>%1 · truth (.%2)</source>
        <translation>%1 · Referenz (.%2)</translation>
    </message>
</context>
<context>
    <name>mirlo</name>
    <message>
        <source>Onsets</source>
        <translation>Einsätze</translation>
    </message>
    <message>
        <source>Beats</source>
        <translation>Beats</translation>
    </message>
    <message>
        <source>Downbeats</source>
        <translation>Taktanfänge</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>Aktivierung</translation>
    </message>
    <message>
        <source>Beats · RNN + DBN</source>
        <translation>Beats · RNN + DBN</translation>
    </message>
    <message>
        <source>Downbeats · %1/4</source>
        <translation>Taktanfänge · %1/4</translation>
    </message>
    <message>
        <source>Onset model %1 does not load: %2</source>
        <translation>Einsatzmodell %1 lässt sich nicht laden: %2</translation>
    </message>
    <message>
        <source>Activation · model %1</source>
        <translation>Aktivierung · Modell %1</translation>
    </message>
    <message>
        <source>ODF · %1</source>
        <translation>ODF · %1</translation>
    </message>
    <message>
        <source>Activation · %1</source>
        <translation>Aktivierung · %1</translation>
    </message>
    <message>
        <source>Unknown onset method &apos;%1&apos;</source>
        <translation>Unbekannte Einsatzmethode &apos;%1&apos;</translation>
    </message>
    <message>
        <source>spectral flux</source>
        <translation>spektraler Fluss</translation>
    </message>
    <message>
        <source>complex flux</source>
        <translation>komplexer Fluss</translation>
    </message>
    <message>
        <source>no activation</source>
        <translation>keine Aktivierung</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>E&amp;xtras</translation>
    </message>
</context>
<context>
    <name>mirlo::ActivationLane</name>
    <message>
        <source>No detection function: run an onset analysis</source>
        <translation>Keine Detektionsfunktion: Einsatzanalyse ausführen</translation>
    </message>
    <message>
        <source>threshold %1</source>
        <translation>Schwelle %1</translation>
    </message>
    <message>
        <source>%1  activation %2 (threshold %3)</source>
        <translation>%1  Aktivierung %2 (Schwelle %3)</translation>
    </message>
</context>
<context>
    <name>mirlo::AnalysisController</name>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
</context>
<context>
    <name>mirlo::AnalysisPanel</name>
    <message>
        <source>Peak-picking threshold above the moving average, in units of the detection function (drag the line in the activation lane)</source>
        <translation>Schwelle der Spitzenwerterkennung über dem gleitenden Mittelwert, in Einheiten der Detektionsfunktion (Linie in der Aktivierungsspur ziehen)</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Onsets closer than this to the previous one are dropped</source>
        <translation>Einsätze, die näher als dieser Abstand am vorherigen liegen, werden verworfen</translation>
    </message>
    <message>
        <source> fps</source>
        <translation> fps</translation>
    </message>
    <message>
        <source>method default</source>
        <translation>Methodenstandard</translation>
    </message>
    <message>
        <source>Frame rate of the detection function (flux, SuperFlux, HFC, complex flux)</source>
        <translation>Framerate der Detektionsfunktion (Flux, SuperFlux, HFC, Complex Flux)</translation>
    </message>
    <message>
        <source>Onsets</source>
        <translation>Einsätze</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Schwelle</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>Glättung</translation>
    </message>
    <message>
        <source>Combine</source>
        <translation>Zusammenfassen</translation>
    </message>
    <message>
        <source>Frame rate</source>
        <translation>Framerate</translation>
    </message>
    <message>
        <source>Track beats (RNN + DBN)</source>
        <translation>Beats verfolgen (RNN + DBN)</translation>
    </message>
    <message>
        <source> BPM</source>
        <translation> BPM</translation>
    </message>
    <message>
        <source>Downbeats and bars</source>
        <translation>Taktanfänge und Takte</translation>
    </message>
    <message>
        <source>Beats</source>
        <translation>Beats</translation>
    </message>
    <message>
        <source>Min tempo</source>
        <translation>Min. Tempo</translation>
    </message>
    <message>
        <source>Max tempo</source>
        <translation>Max. Tempo</translation>
    </message>
    <message>
        <source>Analyse</source>
        <translation>Analysieren</translation>
    </message>
    <message>
        <source>Analyse on load</source>
        <translation>Beim Laden analysieren</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message>
        <source>Spectral flux</source>
        <translation>Spektraler Fluss</translation>
    </message>
    <message>
        <source>High-frequency content</source>
        <translation>Hochfrequenzanteil (HFC)</translation>
    </message>
    <message>
        <source>Complex flux</source>
        <translation>Komplexer Fluss</translation>
    </message>
    <message>
        <source>RNN (madmom, pretrained)</source>
        <translation>RNN (madmom, vortrainiert)</translation>
    </message>
    <message>
        <source>CNN (madmom, pretrained)</source>
        <translation>CNN (madmom, vortrainiert)</translation>
    </message>
</context>
<context>
    <name>mirlo::ClassificationView</name>
    <message>
        <source>undefined</source>
        <translation>undefiniert</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>Support</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Precision</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Recall</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>ROC-AUC</source>
        <translation>ROC-AUC</translation>
    </message>
    <message>
        <source>PR-AUC</source>
        <translation>PR-AUC</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Metriken</translation>
    </message>
    <message>
        <source>Confusion Matrix</source>
        <translation>Konfusionsmatrix</translation>
    </message>
    <message>
        <source>ROC-AUC / PR-AUC</source>
        <translation>ROC-AUC / PR-AUC</translation>
    </message>
    <message>
        <source>No evaluation yet.</source>
        <translation>Noch keine Evaluation.</translation>
    </message>
    <message>
        <source>A confusion matrix needs one true and one predicted class per item; this is a multi-label task (%1 tags), so see the per-tag precision, recall and F1 in the Metrics tab and the per-tag ROC-AUC bars.</source>
        <translation>Eine Konfusionsmatrix braucht je Element eine wahre und eine vorhergesagte Klasse; dies ist eine Multi-Label-Aufgabe (%1 Tags). Siehe Precision, Recall und F1 je Tag im Reiter „Metriken“ und die ROC-AUC-Balken je Tag.</translation>
    </message>
    <message>
        <source>The report has no confusion matrix.</source>
        <translation>Der Bericht enthält keine Konfusionsmatrix.</translation>
    </message>
    <message>
        <source>Confusion Matrix (n/a)</source>
        <translation>Konfusionsmatrix (n. v.)</translation>
    </message>
    <message>
        <source>binary</source>
        <translation>binär</translation>
    </message>
    <message>
        <source>multi-class</source>
        <translation>Mehrklassen</translation>
    </message>
    <message>
        <source>multi-label</source>
        <translation>Multi-Label</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Elemente</translation>
    </message>
    <message>
        <source>Evaluated items (files or excerpts)</source>
        <translation>Evaluierte Elemente (Dateien oder Ausschnitte)</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>Klassen</translation>
    </message>
    <message>
        <source>Subset accuracy</source>
        <translation>Subset-Accuracy</translation>
    </message>
    <message>
        <source>Items whose predicted tag set (p ≥ 0.5) equals the true set</source>
        <translation>Elemente, deren vorhergesagte Tag-Menge (p ≥ 0.5) der wahren Menge entspricht</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>Accuracy</translation>
    </message>
    <message>
        <source>Items whose predicted class (arg max) is the true class</source>
        <translation>Elemente, deren vorhergesagte Klasse (arg max) die wahre Klasse ist</translation>
    </message>
    <message>
        <source>Macro F1</source>
        <translation>Makro-F1</translation>
    </message>
    <message>
        <source>Mean of the per-class F1 scores</source>
        <translation>Mittelwert der F1-Werte je Klasse</translation>
    </message>
    <message>
        <source>Weighted F1</source>
        <translation>Gewichtetes F1</translation>
    </message>
    <message>
        <source>Per-class F1 weighted by support</source>
        <translation>F1 je Klasse, gewichtet mit dem Support</translation>
    </message>
    <message>
        <source>Macro ROC-AUC</source>
        <translation>Makro-ROC-AUC</translation>
    </message>
    <message>
        <source>Mean ROC-AUC over the classes where it is defined</source>
        <translation>Mittlere ROC-AUC über die Klassen, für die sie definiert ist</translation>
    </message>
    <message>
        <source>Macro PR-AUC</source>
        <translation>Makro-PR-AUC</translation>
    </message>
    <message>
        <source>Mean average precision over the classes where it is defined</source>
        <translation>Mittlere Average Precision über die Klassen, für die sie definiert ist</translation>
    </message>
    <message>
        <source>Hamming loss</source>
        <translation>Hamming-Verlust</translation>
    </message>
    <message>
        <source>Wrong label bits / all label bits</source>
        <translation>Falsche Label-Bits / alle Label-Bits</translation>
    </message>
    <message>
        <source>1 − accuracy for single-label tasks</source>
        <translation>1 − Accuracy bei Single-Label-Aufgaben</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Test items carrying the tag</source>
        <translation>Testelemente mit diesem Tag</translation>
    </message>
    <message>
        <source>Test items of the class</source>
        <translation>Testelemente dieser Klasse</translation>
    </message>
</context>
<context>
    <name>mirlo::CnnTrainingPanel</name>
    <message>
        <source>Train Classifier</source>
        <translation>Klassifikator trainieren</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Choose a data source: class folders, a file,label CSV or a label matrix.</source>
        <translation>Datenquelle wählen: Klassenordner, eine Datei,Label-CSV oder eine Label-Matrix.</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Validation accuracy</source>
        <translation>Validierungs-Accuracy</translation>
    </message>
    <message>
        <source>validation accuracy</source>
        <translation>Validierungs-Accuracy</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>Kurven</translation>
    </message>
    <message>
        <source>Evaluation (test split)</source>
        <translation>Evaluation (Testdaten)</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>class folders, file,label CSV or label matrix</source>
        <translation>Klassenordner, Datei,Label-CSV, Label-Matrix</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>Ordner …</translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation>CSV …</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Quelle:</translation>
    </message>
    <message>
        <source>Audio folder:</source>
        <translation>Audioordner:</translation>
    </message>
    <message>
        <source>no data loaded</source>
        <translation>keine Daten geladen</translation>
    </message>
    <message>
        <source>Classes:</source>
        <translation>Klassen:</translation>
    </message>
    <message>
        <source>binary</source>
        <translation>binär</translation>
    </message>
    <message>
        <source>multi-class</source>
        <translation>Mehrklassen</translation>
    </message>
    <message>
        <source>multi-label</source>
        <translation>Multi-Label</translation>
    </message>
    <message>
        <source>Task:</source>
        <translation>Aufgabe:</translation>
    </message>
    <message>
        <source>Consecutive 80-frame patches per file (1 = the tutorial&apos;s first excerpt); all patches of a file stay in the same split subset.</source>
        <translation>Aufeinanderfolgende Patches à 80 Frames je Datei (1 = erster Ausschnitt des Tutorials); alle Patches einer Datei bleiben in derselben Teilmenge der Aufteilung.</translation>
    </message>
    <message>
        <source>Seed of the split, the initial weights and the batch order.</source>
        <translation>Seed für die Aufteilung, die Anfangsgewichte und die Batch-Reihenfolge.</translation>
    </message>
    <message>
        <source>Patches per file:</source>
        <translation>Patches je Datei:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>default: a new folder under the application data</source>
        <translation>Standard: neuer Ordner in den Anwendungsdaten</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <source>Model folder:</source>
        <translation>Modellordner:</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>Voreinstellung:</translation>
    </message>
    <message>
        <source>Training:</source>
        <translation>Training:</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>Epochen:</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>Batchgröße:</translation>
    </message>
    <message>
        <source>Tutorial protocol</source>
        <translation>Tutorial-Protokoll</translation>
    </message>
    <message>
        <source>TUTORIAL.md 2.1-2.5 exactly: scaler fitted on all patches before the split, 25 % test, validation = the last 10 % of the training arrays for presets with a validation split. Off: stratified train / validation / test split, scaler fitted on the training split.</source>
        <translation>Genau nach TUTORIAL.md 2.1–2.5: Skalierer vor der Aufteilung an alle Patches angepasst, 25 % Test, Validierung = die letzten 10 % der Trainingsdaten bei Voreinstellungen mit Validierungsanteil. Aus: stratifizierte Aufteilung in Training / Validierung / Test, Skalierer an die Trainingsdaten angepasst.</translation>
    </message>
    <message>
        <source>Train &amp;Classifier…</source>
        <translation>&amp;Klassifikator trainieren …</translation>
    </message>
    <message>
        <source>Folder with one sub-folder per class</source>
        <translation>Ordner mit einem Unterordner je Klasse</translation>
    </message>
    <message>
        <source>file,label CSV or label matrix</source>
        <translation>Datei,Label-CSV oder Label-Matrix</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV-Dateien (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Lese %1 …</translation>
    </message>
    <message>
        <source>%1: no labelled items</source>
        <translation>%1: keine gelabelten Elemente</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s), %1 classes%2: %3</source>
        <translation>
            <numerusform>%n Element, %1 Klassen%2: %3</numerusform>
            <numerusform>%n Elemente, %1 Klassen%2: %3</numerusform>
        </translation>
    </message>
    <message>
        <source> (multi-label)</source>
        <translation> (Multi-Label)</translation>
    </message>
    <message>
        <source>These are MagnaTagATune clips: choose the Audio folder holding them.</source>
        <translation>Das sind MagnaTagATune-Clips: den Audioordner wählen, der sie enthält.</translation>
    </message>
    <message numerus="yes">
        <source>%1, learning rate %2, decay %3; preset batch %4, %5 epochs; %6 parameters (%n output(s)%7)</source>
        <translation>
            <numerusform>%1, Lernrate %2, Decay %3; Voreinstellung Batch %4, %5 Epochen; %6 Parameter (%n Ausgang%7)</numerusform>
            <numerusform>%1, Lernrate %2, Decay %3; Voreinstellung Batch %4, %5 Epochen; %6 Parameter (%n Ausgänge%7)</numerusform>
        </translation>
    </message>
    <message>
        <source>, sigmoid</source>
        <translation>, Sigmoid</translation>
    </message>
    <message>
        <source>, softmax</source>
        <translation>, Softmax</translation>
    </message>
    <message>
        <source>features %p%</source>
        <translation>Merkmale %p%</translation>
    </message>
    <message>
        <source>Extracting features…</source>
        <translation>Extrahiere Merkmale …</translation>
    </message>
    <message>
        <source>Training %1 on %2 → %3</source>
        <translation>Trainiere %1 mit %2 → %3</translation>
    </message>
    <message>
        <source>Cancelling… (the best epoch so far stays saved)</source>
        <translation>Breche ab … (die bisher beste Epoche bleibt gespeichert)</translation>
    </message>
    <message>
        <source>Features: %1</source>
        <translation>Merkmale: %1</translation>
    </message>
    <message>
        <source>epoch 0/%1</source>
        <translation>Epoche 0/%1</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>Training …</translation>
    </message>
    <message>
        <source>epoch %1/%2</source>
        <translation>Epoche %1/%2</translation>
    </message>
    <message>
        <source>Epoch %1/%2, step %3/%4, loss %5</source>
        <translation>Epoche %1/%2, Schritt %3/%4, Verlust %5</translation>
    </message>
    <message>
        <source>Epoch %1/%2: loss %3</source>
        <translation>Epoche %1/%2: Verlust %3</translation>
    </message>
    <message>
        <source>, validation loss %1, accuracy %2</source>
        <translation>, Validierungsverlust %1, Accuracy %2</translation>
    </message>
    <message>
        <source> — saved as the best so far</source>
        <translation> – als bisher beste gespeichert</translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation>Training fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Cancelled before the first epoch ended; no model was saved.</source>
        <translation>Vor Ende der ersten Epoche abgebrochen; kein Modell gespeichert.</translation>
    </message>
    <message>
        <source>Cancelled; the best model so far (epoch %1) is saved in %2.</source>
        <translation>Abgebrochen; das bisher beste Modell (Epoche %1) ist in %2 gespeichert.</translation>
    </message>
    <message>
        <source>Saved the best epoch (%1 of %2) to %3</source>
        <translation>Beste Epoche (%1 von %2) in %3 gespeichert</translation>
    </message>
    <message numerus="yes">
        <source>; test macro ROC-AUC %1, subset accuracy %2 (%n item(s))</source>
        <translation>
            <numerusform>; Test: Makro-ROC-AUC %1, Subset-Accuracy %2 (%n Element)</numerusform>
            <numerusform>; Test: Makro-ROC-AUC %1, Subset-Accuracy %2 (%n Elemente)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; test accuracy %1 (%n item(s))</source>
        <translation>
            <numerusform>; Test-Accuracy %1 (%n Element)</numerusform>
            <numerusform>; Test-Accuracy %1 (%n Elemente)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> %n warning(s): %1</source>
        <translation>
            <numerusform> %n Warnung: %1</numerusform>
            <numerusform> %n Warnungen: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 on the test split (%n item(s))</source>
        <translation>
            <numerusform>%1 auf den Testdaten (%n Element)</numerusform>
            <numerusform>%1 auf den Testdaten (%n Elemente)</numerusform>
        </translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>Not registered: %1</source>
        <translation>Nicht registriert: %1</translation>
    </message>
    <message>
        <source>… (%1 more)</source>
        <translation>… (%1 weitere)</translation>
    </message>
    <message>
        <source>test split: %1</source>
        <translation>Testdaten: %1</translation>
    </message>
    <message>
        <source>unknown preset &apos;%1&apos;</source>
        <translation>unbekannte Voreinstellung &apos;%1&apos;</translation>
    </message>
    <message>
        <source> (momentum %1)</source>
        <translation> (Momentum %1)</translation>
    </message>
    <message>
        <source>A listed file is not there (training would stop at it): %1</source>
        <translation>Eine aufgeführte Datei fehlt (das Training würde dort abbrechen): %1</translation>
    </message>
    <message>
        <source>%1 listed files are not there (training would stop at the first): %2</source>
        <translation>%1 aufgeführte Dateien fehlen (das Training würde bei der ersten abbrechen): %2</translation>
    </message>
    <message>
        <source>Skip files that cannot be decoded</source>
        <translation>Nicht dekodierbare Dateien überspringen</translation>
    </message>
    <message>
        <source>Leave out damaged or missing files (named in the warnings) instead of stopping the run.</source>
        <translation>Beschädigte oder fehlende Dateien weglassen (in den Warnungen genannt), statt den Lauf abzubrechen.</translation>
    </message>
    <message numerus="yes">
        <source>%n patch(es)</source>
        <translation>
            <numerusform>%n Patch</numerusform>
            <numerusform>%n Patches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>from %n file(s)</source>
        <translation>
            <numerusform>aus %n Datei</numerusform>
            <numerusform>aus %n Dateien</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(feature cache: %n hit(s), %1 computed); training…</source>
        <translation>
            <numerusform>(Merkmals-Cache: %n Treffer, %1 berechnet); Training …</numerusform>
            <numerusform>(Merkmals-Cache: %n Treffer, %1 berechnet); Training …</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mirlo::ConfusionMatrixWidget</name>
    <message>
        <source>%1 % of the %2 items of true class “%3”</source>
        <translation>%1 % der %2 Elemente der wahren Klasse „%3“</translation>
    </message>
    <message>
        <source>no test items of class “%1”</source>
        <translation>keine Testelemente der Klasse „%1“</translation>
    </message>
    <message>
        <source>true: %1
predicted: %2
count: %3
%4</source>
        <translation>wahr: %1
vorhergesagt: %2
Anzahl: %3
%4</translation>
    </message>
    <message>
        <source>predicted</source>
        <translation>vorhergesagt</translation>
    </message>
    <message>
        <source>true</source>
        <translation>wahr</translation>
    </message>
    <message>
        <source>% of true class</source>
        <translation>% der wahren Klasse</translation>
    </message>
</context>
<context>
    <name>mirlo::EvaluateClassifierWindow</name>
    <message>
        <source>Evaluate Classifier</source>
        <translation>Klassifikator evaluieren</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <source>A model folder (model.json + weights.safetensors)</source>
        <translation>Ein Modellordner (model.json + weights.safetensors)</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>a folder with one sub-folder per class, or a file,label CSV</source>
        <translation>ein Ordner mit einem Unterordner je Klasse oder eine Datei,Label-CSV</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>Ordner …</translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation>CSV …</translation>
    </message>
    <message>
        <source>Data:</source>
        <translation>Daten:</translation>
    </message>
    <message>
        <source>Audio folder:</source>
        <translation>Audioordner:</translation>
    </message>
    <message>
        <source>no data chosen</source>
        <translation>keine Daten gewählt</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>Evaluieren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren …</translation>
    </message>
    <message>
        <source>Save the report as JSON</source>
        <translation>Bericht als JSON speichern</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>&amp;Evaluate Classifier…</source>
        <translation>Klassifikator &amp;evaluieren …</translation>
    </message>
    <message>
        <source>%1 (built-in MTAT tagger)</source>
        <translation>%1 (eingebauter MTAT-Tagger)</translation>
    </message>
    <message>
        <source>tutorial CNN</source>
        <translation>Tutorial-CNN</translation>
    </message>
    <message>
        <source>tagger</source>
        <translation>Tagger</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 (folder)</source>
        <translation>%1 (Ordner)</translation>
    </message>
    <message>
        <source>cannot read the data source</source>
        <translation>Datenquelle nicht lesbar</translation>
    </message>
    <message>
        <source>multi-label, </source>
        <translation>Multi-Label, </translation>
    </message>
    <message>
        <source>Data: %1 items, %2%3 classes: %4</source>
        <translation>Daten: %1 Elemente, %2%3 Klassen: %4</translation>
    </message>
    <message>
        <source>%1 names MagnaTagATune clips: choose the Audio folder holding them.</source>
        <translation>%1 nennt MagnaTagATune-Clips: den Audioordner wählen, der sie enthält.</translation>
    </message>
    <message>
        <source>Model Folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <source>Data Folder (one sub-folder per class)</source>
        <translation>Datenordner (ein Unterordner je Klasse)</translation>
    </message>
    <message>
        <source>Labels CSV</source>
        <translation>Label-CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV-Dateien (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Choose a data folder or CSV first.</source>
        <translation>Zuerst einen Datenordner oder eine CSV-Datei wählen.</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>keine Daten</translation>
    </message>
    <message>
        <source>Choose the Audio folder holding the MagnaTagATune clips of %1.</source>
        <translation>Den Audioordner mit den MagnaTagATune-Clips von %1 wählen.</translation>
    </message>
    <message>
        <source>no audio folder</source>
        <translation>kein Audioordner</translation>
    </message>
    <message>
        <source>Evaluating…</source>
        <translation>Evaluiere …</translation>
    </message>
    <message>
        <source>Evaluating %1</source>
        <translation>Evaluiere %1</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>… und %1 weitere</translation>
    </message>
    <message>
        <source>%1 on %2 (%3 items)</source>
        <translation>%1 mit %2 (%3 Elemente)</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1: no evaluation to export yet</source>
        <translation>%1: noch keine Evaluation zum Exportieren</translation>
    </message>
    <message>
        <source>%1: cannot write (%2)</source>
        <translation>%1: Schreiben nicht möglich (%2)</translation>
    </message>
    <message>
        <source>Export Evaluation Report</source>
        <translation>Evaluationsbericht exportieren</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
</context>
<context>
    <name>mirlo::EvaluationPanel</name>
    <message>
        <source>±50 ms (mir_eval default)</source>
        <translation>±50 ms (mir_eval-Standard)</translation>
    </message>
    <message>
        <source>±25 ms (tutorial)</source>
        <translation>±25 ms (Tutorial)</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Onset window</source>
        <translation>Einsatzfenster</translation>
    </message>
    <message>
        <source>Onsets</source>
        <translation>Einsätze</translation>
    </message>
    <message>
        <source>±%1 ms</source>
        <translation>±%1 ms</translation>
    </message>
    <message>
        <source>F-measure</source>
        <translation>F-Measure</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Precision</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Recall</translation>
    </message>
    <message>
        <source>Hits</source>
        <translation>Treffer</translation>
    </message>
    <message>
        <source>Misses</source>
        <translation>Verfehlt</translation>
    </message>
    <message>
        <source>False alarms</source>
        <translation>Fehlalarme</translation>
    </message>
    <message>
        <source>Beats</source>
        <translation>Beats</translation>
    </message>
    <message>
        <source>after 5 s</source>
        <translation>ab 5 s</translation>
    </message>
    <message>
        <source>Downbeats</source>
        <translation>Taktanfänge</translation>
    </message>
    <message>
        <source>±70 ms</source>
        <translation>±70 ms</translation>
    </message>
    <message>
        <source>Needs truth and an estimate of the same kind (annotations next to the audio, or File › Import annotations…)</source>
        <translation>Benötigt Referenz und Schätzung gleicher Art (Annotationen neben der Audiodatei oder Datei › Annotationen importieren …)</translation>
    </message>
</context>
<context>
    <name>mirlo::ExportEventsDialog</name>
    <message>
        <source>Export events</source>
        <translation>Ereignisse exportieren</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n event(s))</source>
        <translation>
            <numerusform>%1 (%n Ereignis)</numerusform>
            <numerusform>%1 (%n Ereignisse)</numerusform>
        </translation>
    </message>
    <message>
        <source>Text (one time per line)</source>
        <translation>Text (eine Zeit pro Zeile)</translation>
    </message>
    <message>
        <source>Audacity label track</source>
        <translation>Audacity-Textspur</translation>
    </message>
    <message>
        <source>Sonic Visualiser CSV</source>
        <translation>Sonic Visualiser CSV</translation>
    </message>
    <message>
        <source>Sonic Visualiser layer (.svl)</source>
        <translation>Sonic-Visualiser-Ebene (.svl)</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Ebene</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
</context>
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
    <name>mirlo::LayersPanel</name>
    <message>
        <source>With truth and estimate shown: &lt;span style=&apos;color:#3cc85a&apos;&gt;hit&lt;/span&gt;, &lt;span style=&apos;color:#ff961e&apos;&gt;miss&lt;/span&gt;, &lt;span style=&apos;color:#f03232&apos;&gt;false alarm&lt;/span&gt;; estimates above, truth below.</source>
        <translation>Bei angezeigter Referenz und Schätzung: &lt;span style=&apos;color:#3cc85a&apos;&gt;Treffer&lt;/span&gt;, &lt;span style=&apos;color:#ff961e&apos;&gt;verfehlt&lt;/span&gt;, &lt;span style=&apos;color:#f03232&apos;&gt;Fehlalarm&lt;/span&gt;; Schätzungen oben, Referenz unten.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n event(s)</source>
        <translation>
            <numerusform>%1: %n Ereignis</numerusform>
            <numerusform>%1: %n Ereignisse</numerusform>
        </translation>
    </message>
    <message>
        <source>No layers yet: analyse the track or import annotations</source>
        <translation>Noch keine Ebenen: Titel analysieren oder Annotationen importieren</translation>
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
        <translation>
            <numerusform>Öffne %n Datei …</numerusform>
            <numerusform>Öffne %n Dateien …</numerusform>
        </translation>
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
        <translation>
            <numerusform>Loslassen, um %n Datei bzw. Ordner zu öffnen</numerusform>
            <numerusform>Loslassen, um %n Dateien bzw. Ordner zu öffnen</numerusform>
        </translation>
    </message>
    <message>
        <source>Audio output: %1</source>
        <translation>Audioausgabe: %1</translation>
    </message>
    <message>
        <source>No audio output device</source>
        <translation>Kein Audio-Ausgabegerät</translation>
    </message>
    <message>
        <source>Tempo of the tracked beats</source>
        <translation>Tempo der verfolgten Beats</translation>
    </message>
    <message>
        <source>– BPM</source>
        <translation>– BPM</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Ebenen</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <source>%1 BPM</source>
        <translation>%1 BPM</translation>
    </message>
    <message>
        <source>Open a track before importing annotations.</source>
        <translation>Vor dem Import von Annotationen einen Titel öffnen.</translation>
    </message>
    <message>
        <source>Imported %1</source>
        <translation>%1 importiert</translation>
    </message>
    <message>
        <source>Import annotations</source>
        <translation>Annotationen importieren</translation>
    </message>
    <message>
        <source>Annotations (*.onsets *.beats *.downbeats *.txt *.csv *.lab);;All files (*)</source>
        <translation>Annotationen (*.onsets *.beats *.downbeats *.txt *.csv *.lab);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Nothing to export: no layer &apos;%1&apos;.</source>
        <translation>Nichts zu exportieren: keine Ebene &apos;%1&apos;.</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n event(s) to %1</source>
        <translation>
            <numerusform>%n Ereignis nach %1 exportiert</numerusform>
            <numerusform>%n Ereignisse nach %1 exportiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Export events</source>
        <translation>Ereignisse exportieren</translation>
    </message>
    <message>
        <source>Cannot load the onset model in %1: %2</source>
        <translation>Das Einsatzmodell in %1 lässt sich nicht laden: %2</translation>
    </message>
    <message>
        <source>The onset model in %1 is not available.</source>
        <translation>Das Einsatzmodell in %1 ist nicht verfügbar.</translation>
    </message>
    <message>
        <source>Onset model %1 loaded</source>
        <translation>Einsatzmodell %1 geladen</translation>
    </message>
    <message>
        <source>Load onset model</source>
        <translation>Einsatzmodell laden</translation>
    </message>
    <message>
        <source>&amp;Import Annotations…</source>
        <translation>Annotationen &amp;importieren …</translation>
    </message>
    <message>
        <source>&amp;Export Events…</source>
        <translation>Ereignisse &amp;exportieren …</translation>
    </message>
    <message>
        <source>&amp;Analysis</source>
        <translation>A&amp;nalyse</translation>
    </message>
    <message>
        <source>&amp;Analyse Track</source>
        <translation>Titel &amp;analysieren</translation>
    </message>
    <message>
        <source>Load Onset &amp;Model…</source>
        <translation>Einsatz&amp;modell laden …</translation>
    </message>
    <message>
        <source>Load &amp;Tagging Model…</source>
        <translation>&amp;Tagging-Modell laden …</translation>
    </message>
    <message>
        <source>Show where the model hears &quot;%1&quot;</source>
        <translation>Zeigen, wo das Modell „%1“ hört</translation>
    </message>
    <message>
        <source>Computing the saliency of &quot;%1&quot;… %2 %</source>
        <translation>Berechne die Salienz von „%1“ … %2 %</translation>
    </message>
    <message>
        <source>Saliency of the top tag: waiting for the track&apos;s tags</source>
        <translation>Salienz des Top-Tags: warte auf die Tags des Titels</translation>
    </message>
    <message>
        <source>No saliency for &quot;%1&quot;</source>
        <translation>Keine Salienz für „%1“</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Chunk %1–%2 s</source>
        <translation>Abschnitt %1–%2 s</translation>
    </message>
    <message>
        <source>Tagging…</source>
        <translation>Tagging …</translation>
    </message>
    <message>
        <source>patch</source>
        <translation>Patch</translation>
    </message>
    <message>
        <source>chunk</source>
        <translation>Abschnitt</translation>
    </message>
    <message>
        <source>patches</source>
        <translation>Patches</translation>
    </message>
    <message>
        <source>chunks</source>
        <translation>Abschnitte</translation>
    </message>
    <message>
        <source>%1 %2 of %3 s%4</source>
        <translation>%1 %2 à %3 s%4</translation>
    </message>
    <message>
        <source>, averaged</source>
        <translation>, gemittelt</translation>
    </message>
    <message>
        <source>Cannot load the model in %1: %2</source>
        <translation>Das Modell in %1 lässt sich nicht laden: %2</translation>
    </message>
    <message>
        <source>Model %1 added to the Tags panel</source>
        <translation>Modell %1 zum Tags-Bereich hinzugefügt</translation>
    </message>
    <message>
        <source>Load tagging model</source>
        <translation>Tagging-Modell laden</translation>
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
    <name>mirlo::MtatAudioField</name>
    <message>
        <source>folder holding the MTAT audio (0 … f sub-folders)</source>
        <translation>Ordner mit den MTAT-Audiodateien (Unterordner 0 … f)</translation>
    </message>
    <message>
        <source>The label file names MagnaTagATune clips; their audio is looked up here by mp3_path.</source>
        <translation>Die Label-Datei nennt MagnaTagATune-Clips; deren Audio wird hier über mp3_path gesucht.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <source>135 tags</source>
        <translation>135 Tags</translation>
    </message>
    <message>
        <source>instrumental / vocal</source>
        <translation>instrumental / vokal</translation>
    </message>
    <message>
        <source>genre (8)</source>
        <translation>Genre (8)</translation>
    </message>
    <message>
        <source>mood</source>
        <translation>Stimmung</translation>
    </message>
    <message>
        <source>Ground truth built from annotations_final.csv (tutorial Part 0/1)</source>
        <translation>Referenz aus annotations_final.csv (Tutorial Teil 0/1)</translation>
    </message>
    <message>
        <source>MagnaTagATune audio folder</source>
        <translation>MagnaTagATune-Audioordner</translation>
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
    <name>mirlo::RocAucBarChart</name>
    <message>
        <source>Show:</source>
        <translation>Anzeigen:</translation>
    </message>
    <message>
        <source>ROC-AUC</source>
        <translation>ROC-AUC</translation>
    </message>
    <message>
        <source>PR-AUC (average precision)</source>
        <translation>PR-AUC (Average Precision)</translation>
    </message>
    <message>
        <source>ROC-AUC and PR-AUC</source>
        <translation>ROC-AUC und PR-AUC</translation>
    </message>
    <message>
        <source>undefined</source>
        <translation>undefiniert</translation>
    </message>
    <message>
        <source>tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>ROC-AUC (macro %1)</source>
        <translation>ROC-AUC (Makro %1)</translation>
    </message>
    <message>
        <source>PR-AUC (macro %1)</source>
        <translation>PR-AUC (Makro %1)</translation>
    </message>
    <message>
        <source>%1 per %2</source>
        <translation>%1 je %2</translation>
    </message>
    <message>
        <source> and </source>
        <translation> und </translation>
    </message>
    <message>
        <source>PR-AUC</source>
        <translation>PR-AUC</translation>
    </message>
    <message>
        <source>%1
%2: %3
support %4</source>
        <translation>%1
%2: %3
Support %4</translation>
    </message>
    <message>
        <source>area under the curve</source>
        <translation>Fläche unter der Kurve</translation>
    </message>
    <message>
        <source>AUC</source>
        <translation>AUC</translation>
    </message>
    <message>
        <source>chance (0.5)</source>
        <translation>Zufall (0.5)</translation>
    </message>
    <message>
        <source>Undefined for %1 %2 (test items all positive or all negative): %3</source>
        <translation>Undefiniert für %1 %2 (Testelemente alle positiv oder alle negativ): %3</translation>
    </message>
    <message>
        <source>tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>classes</source>
        <translation>Klassen</translation>
    </message>
</context>
<context>
    <name>mirlo::SaliencyChooser</name>
    <message>
        <source>Saliency for</source>
        <translation>Salienz für</translation>
    </message>
    <message>
        <source>Draw where in the mel spectrogram the model hears this tag (gradient saliency), in a lane under the spectrogram</source>
        <translation>Zeigt in einer Spur unter dem Spektrogramm, wo im Mel-Spektrogramm das Modell diesen Tag hört (Gradienten-Salienz)</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>Top tag (%1)</source>
        <translation>Top-Tag (%1)</translation>
    </message>
    <message>
        <source>Top tag</source>
        <translation>Top-Tag</translation>
    </message>
</context>
<context>
    <name>mirlo::SaliencyController</name>
    <message>
        <source>Saliency for &quot;%1&quot; cancelled</source>
        <translation>Salienz für „%1“ abgebrochen</translation>
    </message>
    <message>
        <source>Saliency: the model has no tag &quot;%1&quot;</source>
        <translation>Salienz: Das Modell hat keinen Tag „%1“</translation>
    </message>
    <message>
        <source>Saliency of &quot;%1&quot; (%2)</source>
        <translation>Salienz von „%1“ (%2)</translation>
    </message>
</context>
<context>
    <name>mirlo::SaliencyLane</name>
    <message>
        <source>No saliency: choose a tag under &quot;Saliency for&quot; in the Tags panel</source>
        <translation>Keine Salienz: im Tags-Bereich unter „Salienz für“ einen Tag wählen</translation>
    </message>
    <message>
        <source>%1  %2  mel band %3 (%4)  %5 dB  saliency %6  chunk p = %7</source>
        <translation>%1  %2  Mel-Band %3 (%4)  %5 dB  Salienz %6  Abschnitt p = %7</translation>
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
    <name>mirlo::TagBarChart</name>
    <message>
        <source>No tags yet: open a track and press Tag</source>
        <translation>Noch keine Tags: Titel öffnen und „Taggen“ drücken</translation>
    </message>
</context>
<context>
    <name>mirlo::TagTimelineLane</name>
    <message>
        <source>No tags: tag the track in the Tags panel</source>
        <translation>Keine Tags: den Titel im Tags-Bereich taggen</translation>
    </message>
    <message>
        <source>%1  chunk %2 (%3–%4)  p = %5</source>
        <translation>%1  Abschnitt %2 (%3–%4)  p = %5</translation>
    </message>
</context>
<context>
    <name>mirlo::TaggingController</name>
    <message>
        <source>Tagging with %1 cancelled</source>
        <translation>Tagging mit %1 abgebrochen</translation>
    </message>
    <message>
        <source>Tagging with %1</source>
        <translation>Tagging mit %1</translation>
    </message>
    <message>
        <source>Cannot load the model in %1: %2</source>
        <translation>Das Modell in %1 lässt sich nicht laden: %2</translation>
    </message>
</context>
<context>
    <name>mirlo::TagsPanel</name>
    <message>
        <source>Pretrained tagger (MagnaTagAtune, 50 tags), a tutorial model or a model folder</source>
        <translation>Vortrainierter Tagger (MagnaTagATune, 50 Tags), ein Tutorial-Modell oder ein Modellordner</translation>
    </message>
    <message>
        <source>A second model whose probabilities are drawn next to the first</source>
        <translation>Ein zweites Modell, dessen Wahrscheinlichkeiten neben denen des ersten gezeichnet werden</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>Wahrscheinlichkeit</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Taggen</translation>
    </message>
    <message>
        <source>Tag the current track with the chosen model(s)</source>
        <translation>Den aktuellen Titel mit dem/den gewählten Modell(en) taggen</translation>
    </message>
    <message>
        <source>Load model…</source>
        <translation>Modell laden …</translation>
    </message>
    <message>
        <source>A model folder with model.json and weights.safetensors (tagger or tutorial CNN)</source>
        <translation>Ein Modellordner mit model.json und weights.safetensors (Tagger oder Tutorial-CNN)</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>Vergleichen mit</translation>
    </message>
    <message>
        <source>sorted by</source>
        <translation>sortiert nach</translation>
    </message>
    <message>
        <source>Top</source>
        <translation>Top</translation>
    </message>
    <message>
        <source>Tutorial models</source>
        <translation>Tutorial-Modelle</translation>
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
    <message>
        <source>ODF</source>
        <translation>ODF</translation>
    </message>
    <message>
        <source>Onset detection function / network activation; drag the threshold line</source>
        <translation>Einsatz-Detektionsfunktion / Netzaktivierung; Schwellenlinie ziehen</translation>
    </message>
    <message>
        <source>Per-chunk probabilities of the top tags; click a cell to play that chunk</source>
        <translation>Wahrscheinlichkeiten der Top-Tags je Abschnitt; Zelle anklicken, um den Abschnitt abzuspielen</translation>
    </message>
    <message>
        <source>Mel bands of the model&apos;s input; the heat shows where the tag&apos;s score is most sensitive (gradient saliency)</source>
        <translation>Mel-Bänder der Modelleingabe; die Wärmefarben zeigen, wo der Tag-Wert am empfindlichsten ist (Gradienten-Salienz)</translation>
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
    <message>
        <source>%1: cancelled</source>
        <translation>%1: abgebrochen</translation>
    </message>
    <message>
        <source>%1: could not be decoded</source>
        <translation>%1: konnte nicht dekodiert werden</translation>
    </message>
    <message>
        <source>%1: the file contains no audio samples</source>
        <translation>%1: Die Datei enthält keine Audio-Samples</translation>
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
    <name>mirlo::TrainingCharts</name>
    <message>
        <source>train loss (steps)</source>
        <translation>Trainingsverlust (Schritte)</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>Trainingsverlust</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>Validierungsverlust</translation>
    </message>
    <message>
        <source>best</source>
        <translation>beste</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
</context>
<context>
    <name>mirlo::TrainingPanel</name>
    <message>
        <source>Train Onset Detector</source>
        <translation>Einsatzdetektor trainieren</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Hinzufügen …</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Data folders (audio + .onsets):</source>
        <translation>Datenordner (Audio + .onsets):</translation>
    </message>
    <message>
        <source>default: a new folder under the application data</source>
        <translation>Standard: neuer Ordner in den Anwendungsdaten</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <source>Model folder:</source>
        <translation>Modellordner:</translation>
    </message>
    <message>
        <source>whole files</source>
        <translation>ganze Dateien</translation>
    </message>
    <message>
        <source> frames</source>
        <translation> Frames</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Sequence</source>
        <translation>Sequenz</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Training:</source>
        <translation>Training:</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Choose folders with audio files and .onsets annotations.</source>
        <translation>Ordner mit Audiodateien und .onsets-Annotationen wählen.</translation>
    </message>
    <message>
        <source>Loss (binary cross-entropy)</source>
        <translation>Verlust (binäre Kreuzentropie)</translation>
    </message>
    <message>
        <source>Validation onset F-measure</source>
        <translation>Einsatz-F-Measure (Validierung)</translation>
    </message>
    <message>
        <source>validation F</source>
        <translation>Validierungs-F</translation>
    </message>
    <message>
        <source>Train &amp;Onset Detector…</source>
        <translation>Einsatz&amp;detektor trainieren …</translation>
    </message>
    <message>
        <source>Folder with audio and .onsets files</source>
        <translation>Ordner mit Audio- und .onsets-Dateien</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <source>Reading the training files…</source>
        <translation>Lese die Trainingsdateien …</translation>
    </message>
    <message>
        <source>No audio files with .onsets annotations in %1.</source>
        <translation>Keine Audiodateien mit .onsets-Annotationen in %1.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>No readable training files.</source>
        <translation>Keine lesbaren Trainingsdateien.</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s), %1 onsets; training…</source>
        <translation>
            <numerusform>%n Datei, %1 Einsätze; Training …</numerusform>
            <numerusform>%n Dateien, %1 Einsätze; Training …</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved %1 (best epoch %2, validation loss %3, F %4)%5.</source>
        <translation>%1 gespeichert (beste Epoche %2, Validierungsverlust %3, F %4)%5.</translation>
    </message>
    <message>
        <source> after cancel</source>
        <translation> nach Abbruch</translation>
    </message>
    <message>
        <source>Cancelling… (the best epoch so far is kept)</source>
        <translation>Breche ab … (die bisher beste Epoche bleibt erhalten)</translation>
    </message>
    <message>
        <source>Epoch %1/%2: loss %3</source>
        <translation>Epoche %1/%2: Verlust %3</translation>
    </message>
    <message>
        <source>, validation loss %1, F %2</source>
        <translation>, Validierungsverlust %1, F %2</translation>
    </message>
    <message>
        <source> (%1 s)</source>
        <translation> (%1 s)</translation>
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
    <message>
        <source>Clicks</source>
        <translation>Klicks</translation>
    </message>
    <message>
        <source>Mix clicks on the beats (accented downbeats) and onsets into playback (K)</source>
        <translation>Klicks auf Beats (betonte Taktanfänge) und Einsätze in die Wiedergabe mischen (K)</translation>
    </message>
    <message>
        <source>Click volume</source>
        <translation>Klicklautstärke</translation>
    </message>
    <message>
        <source>Tempo of the tracked beats</source>
        <translation>Tempo der verfolgten Beats</translation>
    </message>
    <message>
        <source>%1 BPM</source>
        <translation>%1 BPM</translation>
    </message>
    <message>
        <source>– BPM</source>
        <translation>– BPM</translation>
    </message>
</context>
<context>
    <name>mirlo::WaveformLane</name>
    <message>
        <source>%1  amplitude %2 (%3 dBFS)</source>
        <translation>%1  Amplitude %2 (%3 dBFS)</translation>
    </message>
</context>
</TS>
