import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Controls.Material
import Doorstep
import Doorstep.Core

// Today's and upcoming visits, by time or by distance, with the sync status that never lies.
Page {
    id: page
    required property AppController app
    signal openCase(string caseId)
    signal openVisit(string visitId)
    signal openSearch()
    signal openOutbox()
    background: Rectangle { color: Theme.pageBg }

    property alias visits: visitModel

    VisitListModel {
        id: visitModel
        app: page.app
    }

    header: AppBar {
        title: qsTr("Visits")
        subtitle: page.app.officerName
        textSize: page.app.textSize
        ToolButton {
            objectName: "searchButton"
            text: qsTr("Find a resident")
            font.pixelSize: Theme.body
            Accessible.name: qsTr("Find a resident")
            onClicked: page.openSearch()
        }
        ToolButton {
            objectName: "lockButton"
            text: qsTr("Lock")
            font.pixelSize: Theme.body
            Accessible.name: qsTr("Lock Doorstep")
            onClicked: page.app.lock()
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        SyncStatusBar {
            app: page.app
            onReviewRequested: page.openOutbox()
        }
        Notice {
            Layout.margins: Theme.margin
            visible: page.app.offlineLocked
            kind: "warning"
            label: qsTr("Locked")
            text: page.app.lockMessage
        }
        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.margin
            Layout.rightMargin: Theme.margin
            Layout.topMargin: Theme.gap
            spacing: Theme.gap
            Label {
                Layout.fillWidth: true
                text: visitModel.count === 1 ? qsTr("1 visit in the next 7 days")
                                             : qsTr("%1 visits in the next 7 days").arg(visitModel.count)
                font.pixelSize: Theme.body
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            Label { text: qsTr("Sort by"); font.pixelSize: Theme.body; color: Theme.text }
            Button {
                objectName: "sortByTime"
                text: (checked ? "✓ " : "") + qsTr("Time")
                checkable: true
                checked: visitModel.sortOrder === VisitListModel.ByTime
                font.pixelSize: Theme.body
                Accessible.name: qsTr("Sort visits by time")
                onClicked: visitModel.sortOrder = VisitListModel.ByTime
            }
            Button {
                objectName: "sortByDistance"
                text: (checked ? "✓ " : "") + qsTr("Distance")
                checkable: true
                checked: visitModel.sortOrder === VisitListModel.ByDistance
                font.pixelSize: Theme.body
                Accessible.name: qsTr("Sort visits by distance from here")
                onClicked: visitModel.sortOrder = VisitListModel.ByDistance
            }
        }
        Label {
            visible: visitModel.sortOrder === VisitListModel.ByDistance && !page.app.hasFix
            Layout.leftMargin: Theme.margin
            text: qsTr("No position fix yet: visits with an unknown distance are listed by time.")
            font.pixelSize: Theme.small
            color: Theme.muted
        }
        ListView {
            id: list
            // Read in the order the rows show (ReadingOrder).
            ReadingOrder { view: list }
            objectName: "visitList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: Theme.gap
            topMargin: Theme.gap
            bottomMargin: Theme.margin
            leftMargin: Theme.margin
            rightMargin: Theme.margin
            model: visitModel
            section.property: visitModel.sortOrder === VisitListModel.ByTime ? "dayText" : ""
            // Not a bound file: the cards reach the page through the context they were declared
            // in, which the lint cannot follow.
            delegate: VisitCard {
                width: ListView.view.width - ListView.view.leftMargin - ListView.view.rightMargin
                heading: ListView.section !== ListView.previousSection ? ListView.section : ""
                // qmllint disable unqualified
                onOpenCase: page.openCase(caseId)
                onOpenVisit: page.openVisit(visitId)
                // qmllint enable unqualified
            }
            Label {
                anchors.centerIn: parent
                visible: list.count === 0
                width: parent.width - 2 * Theme.margin
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                text: visitModel.error !== "" ? visitModel.error
                                              : qsTr("No visits in the next 7 days on this tablet.")
                font.pixelSize: Theme.body
                color: Theme.muted
            }
        }
    }
}
