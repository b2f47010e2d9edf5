pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep
import Doorstep.Core

// Find any resident on this tablet by name, address or case number.
Page {
    id: page
    required property AppController app
    property alias query: field.text
    property alias results: searchModel
    signal back()
    signal openCase(string caseId, string residentId)
    background: Rectangle { color: Theme.pageBg }

    ResidentSearchModel {
        id: searchModel
        app: page.app
        query: field.text
    }

    header: BackBar {
        title: qsTr("Find a resident")
        onBack: page.back()
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.gap
        Label {
            Layout.fillWidth: true
            text: qsTr("Name, address or case number")
            font.pixelSize: Theme.body
            color: Theme.text
            wrapMode: Text.Wrap
        }
        TextField {
            Layout.minimumHeight: Theme.touch
            id: field
            objectName: "searchField"
            Layout.fillWidth: true
            font.pixelSize: Theme.heading
            inputMethodHints: Qt.ImhNoPredictiveText
            Accessible.name: qsTr("Search by name, address or case number")
            focus: true
        }
        Label {
            text: field.text === "" ? qsTr("Only residents whose cases are on this tablet can be found.")
                                    : searchModel.count === 1 ? qsTr("1 resident found")
                                                              : qsTr("%1 residents found").arg(searchModel.count)
            font.pixelSize: Theme.body
            color: Theme.muted
        }
        ListView {
            id: list
            // Read in the order the rows show (ReadingOrder).
            ReadingOrder { view: list }
            objectName: "searchResults"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 6
            model: searchModel
            delegate: ItemDelegate {
                id: result
                required property string name
                required property string address
                required property string caseNumbers
                required property string caseId
                required property string residentId
                width: list.width
                implicitHeight: Math.max(Theme.touch, contentItem.implicitHeight + 2 * Theme.gap)
                Accessible.name: qsTr("%1, %2, case %3").arg(name).arg(address).arg(caseNumbers)
                onClicked: page.openCase(caseId, residentId)
                contentItem: ColumnLayout {
                    spacing: 2
                    Label { text: result.name; font.pixelSize: Theme.heading; color: Theme.text }
                    Label {
                        Layout.fillWidth: true
                        text: result.address + "  ·  " + result.caseNumbers
                        font.pixelSize: Theme.body
                        color: Theme.muted
                        wrapMode: Text.Wrap
                    }
                }
            }
        }
    }
}
