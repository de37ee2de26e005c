<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>mirlo::CnnTrainingPanel</name>
    <message numerus="yes">
        <source>%n item(s), %1 classes%2: %3</source>
        <translation>
            <numerusform>%n item, %1 classes%2: %3</numerusform>
            <numerusform>%n items, %1 classes%2: %3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; test macro ROC-AUC %1, subset accuracy %2 (%n item(s))</source>
        <translation>
            <numerusform>; test macro ROC-AUC %1, subset accuracy %2 (%n item)</numerusform>
            <numerusform>; test macro ROC-AUC %1, subset accuracy %2 (%n items)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; test accuracy %1 (%n item(s))</source>
        <translation>
            <numerusform>; test accuracy %1 (%n item)</numerusform>
            <numerusform>; test accuracy %1 (%n items)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> %n warning(s): %1</source>
        <translation>
            <numerusform> %n warning: %1</numerusform>
            <numerusform> %n warnings: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 on the test split (%n item(s))</source>
        <translation>
            <numerusform>%1 on the test split (%n item)</numerusform>
            <numerusform>%1 on the test split (%n items)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, learning rate %2, decay %3; preset batch %4, %5 epochs; %6 parameters (%n output(s)%7)</source>
        <translation>
            <numerusform>%1, learning rate %2, decay %3; preset batch %4, %5 epochs; %6 parameters (%n output%7)</numerusform>
            <numerusform>%1, learning rate %2, decay %3; preset batch %4, %5 epochs; %6 parameters (%n outputs%7)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n patch(es)</source>
        <translation>
            <numerusform>%n patch</numerusform>
            <numerusform>%n patches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>from %n file(s)</source>
        <translation>
            <numerusform>from %n file</numerusform>
            <numerusform>from %n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(feature cache: %n hit(s), %1 computed); training…</source>
        <translation>
            <numerusform>(feature cache: %n hit, %1 computed); training…</numerusform>
            <numerusform>(feature cache: %n hits, %1 computed); training…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mirlo::ExportEventsDialog</name>
    <message numerus="yes">
        <source>%1 (%n event(s))</source>
        <translation>
            <numerusform>%1 (%n event)</numerusform>
            <numerusform>%1 (%n events)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mirlo::LayersPanel</name>
    <message numerus="yes">
        <source>%1: %n event(s)</source>
        <translation>
            <numerusform>%1: %n event</numerusform>
            <numerusform>%1: %n events</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mirlo::MainWindow</name>
    <message numerus="yes">
        <source>Opening %n file(s)…</source>
        <translation>
            <numerusform>Opening %n file…</numerusform>
            <numerusform>Opening %n files…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Drop to open %n file(s) or folder(s)</source>
        <translation>
            <numerusform>Drop to open %n file or folder</numerusform>
            <numerusform>Drop to open %n files or folders</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n event(s) to %1</source>
        <translation>
            <numerusform>Exported %n event to %1</numerusform>
            <numerusform>Exported %n events to %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mirlo::TrainingPanel</name>
    <message numerus="yes">
        <source>%n file(s), %1 onsets; training…</source>
        <translation>
            <numerusform>%n file, %1 onsets; training…</numerusform>
            <numerusform>%n files, %1 onsets; training…</numerusform>
        </translation>
    </message>
</context>
</TS>
