import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import Doorstep
import Doorstep.Core

// The app's window: sign-in and lock screens by the controller's stage, then the officer's
// pages on a stack. Functions at the bottom let the screenshot driver and tests navigate.
ApplicationWindow {
    id: window
    required property AppController app
    width: 1280
    height: 800
    visible: true
    title: qsTr("Doorstep")
    Material.theme: Material.Light
    Material.primary: Theme.primary
    Material.accent: Theme.primary
    color: Theme.pageBg
    // Every control's words at the theme's size, so they follow the text size, and in
    // sentence case rather than Material's capitals, which are harder to read. Controls that
    // set their own size (Theme.body and up) keep it.
    font.pixelSize: Theme.small
    font.capitalization: Font.MixedCase

    // The words' size: the tablet's own, or the one chosen under "Text size".
    Binding {
        target: Theme
        property: "textScale"
        value: window.app.textSize.scale
    }

    // Any touch restarts the idle-lock countdown.
    MouseArea {
        objectName: "idleWatcher"
        anchors.fill: parent
        z: 1000
        propagateComposedEvents: true
        onPressed: function(mouse) { window.app.touch(); mouse.accepted = false }
    }

    Loader {
        id: stageLoader
        anchors.fill: parent
        sourceComponent: {
            switch (window.app.stage) {
            case AppController.Enrol: return enrolPage
            case AppController.ChoosePin: return pinPage
            case AppController.Locked: return unlockPage
            case AppController.Ready:
                return window.app.role === AppController.UnknownRole ? startingPage : mainStack
            default: return startingPage
            }
        }
    }

    // The pages are components that the Loader and the StackView create in contexts of their own,
    // so they cannot be bound to this file (pragma ComponentBehavior: Bound refuses that at run
    // time); they reach `window` through the context they were declared in, which the lint of
    // Qt 6.4 cannot follow, so its unqualified-access check is off for them alone.
    // qmllint disable unqualified
    Component { id: startingPage; Page { background: Rectangle { color: Theme.pageBg } } }
    Component { id: enrolPage; EnrolPage { app: window.app } }
    Component { id: pinPage; ChoosePinPage { app: window.app } }
    Component { id: unlockPage; UnlockPage { app: window.app } }
    Component {
        id: mainStack
        StackView {
            id: stack
            objectName: "stack"
            initialItem: window.app.role === AppController.Coordinator ? deskPage
                       : window.app.role === AppController.WardMember ? referralsPage : todayPage
        }
    }
    // The first page by role, once the controller knows it.
    Component {
        id: todayPage
        TodayPage {
            app: window.app
            onOpenCase: function(caseId) { window.showCase(caseId, "") }
            onOpenVisit: function(visitId) { window.showVisit(visitId) }
            onOpenSearch: window.showSearch("")
            onOpenOutbox: window.showOutbox()
        }
    }
    Component {
        id: deskPage
        DeskPage {
            app: window.app
            onOpenCase: function(caseId) { window.showCase(caseId, "") }
            onOpenOutbox: window.showOutbox()
        }
    }
    Component {
        id: referralsPage
        MyReferralsPage { app: window.app; onOpenOutbox: window.showOutbox() }
    }

    Component {
        id: casePage
        CasePage {
            app: window.app
            onBack: window.goBack()
            onOpenVisit: function(visitId) { window.showVisit(visitId) }
        }
    }
    Component {
        id: visitPage
        VisitPage { app: window.app; onBack: window.goBack() }
    }
    Component {
        id: searchPage
        SearchPage {
            app: window.app
            onBack: window.goBack()
            onOpenCase: function(caseId, residentId) { window.showCase(caseId, residentId) }
        }
    }
    Component {
        id: outboxPage
        OutboxPage { app: window.app; onBack: window.goBack() }
    }

    // qmllint enable unqualified

    function stack() { return stageLoader.item && stageLoader.item.objectName === "stack" ? stageLoader.item : null }
    function currentPage() { var s = stack(); return s ? s.currentItem : stageLoader.item }
    function goBack() { var s = stack(); if (s && s.depth > 1) s.pop() }
    function goHome() { var s = stack(); if (s) s.pop(null) }
    function showCase(caseId, residentId) { var s = stack(); if (s) s.push(casePage, { caseId: caseId, residentId: residentId }) }
    function showVisit(visitId) { var s = stack(); if (s) s.push(visitPage, { visitId: visitId }) }
    function showSearch(text) { var s = stack(); if (s) s.push(searchPage, { query: text }) }
    // Shows the screens at `scale` without keeping it (the tour, the tests); 0 ends that.
    function setTextScale(scale) { window.app.textSize.preview = scale }
    function showOutbox() { var s = stack(); if (s) s.push(outboxPage) }
}
