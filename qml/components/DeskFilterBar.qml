import QtQuick
import QtQuick.Controls
import Doorstep

// Finding things on the desk: words to search for (name, postcode, case number, reference),
// and the filters that apply to the list: ward and urgency for the inbox, officer and day for
// the board. Wraps onto more lines on a narrow screen or at large text.
Flow {
    id: bar

    // "All" first, then the choices.
    function withAll(all, choices) {
        var out = choices.slice()
        out.unshift(all)
        return out
    }
    required property var model          // the DeskModel it filters
    property var wards: []                // [{id, name}]; the ward filter shows when given
    property var officers: []             // [{id, name}]; the officer filter shows when given
    property bool showUrgency: false
    property bool showDay: false
    property string name                  // objectName prefix, for tests
    spacing: Theme.gap

    // A filter with its name above it, always in view, whatever is typed or chosen.
    component Labelled: Column {
        id: labelled
        property string label
        spacing: 2
        Label {
            width: Math.min(implicitWidth, labelled.parent ? labelled.parent.width : implicitWidth)
            text: labelled.label
            font.pixelSize: Theme.small
            font.bold: true
            color: Theme.text
            wrapMode: Text.Wrap
        }
    }

    Labelled {
        label: qsTr("Search by name, postcode, case number or reference")
        TextField {
            objectName: bar.name + "Search"
            width: Math.min(bar.width, 320 * Theme.textScale)
            height: Math.max(implicitHeight, Theme.touch)
            font.pixelSize: Theme.body
            Accessible.name: qsTr("Search by name, postcode, case number or reference")
            onTextChanged: bar.model.search = text
        }
    }
    Labelled {
        label: qsTr("Ward")
        visible: bar.wards.length > 0
        Choices {
            objectName: bar.name + "Ward"
            width: Math.min(Math.max(implicitWidth, 220 * Theme.textScale), bar.width)
            model: bar.withAll({ id: "", name: qsTr("All wards") }, bar.wards)
            textRole: "name"
            valueRole: "id"
            font.pixelSize: Theme.body
            Accessible.name: qsTr("Ward")
            onActivated: bar.model.ward = currentValue
        }
    }
    Labelled {
        label: qsTr("Urgency")
        visible: bar.showUrgency
        Choices {
            objectName: bar.name + "Urgency"
            width: Math.min(Math.max(implicitWidth, 180 * Theme.textScale), bar.width)
            // v1::Urgency.
            model: [{ v: 0, t: qsTr("Any urgency") }, { v: 3, t: qsTr("Urgent") },
                    { v: 2, t: qsTr("Soon") }, { v: 1, t: qsTr("Routine") }]
            textRole: "t"
            valueRole: "v"
            font.pixelSize: Theme.body
            Accessible.name: qsTr("Urgency")
            onActivated: bar.model.urgency = currentValue
        }
    }
    Labelled {
        label: qsTr("Officer")
        visible: bar.officers.length > 0
        Choices {
            objectName: bar.name + "Officer"
            width: Math.min(Math.max(implicitWidth, 220 * Theme.textScale), bar.width)
            model: bar.withAll({ id: "", name: qsTr("All officers") }, bar.officers)
            textRole: "name"
            valueRole: "id"
            font.pixelSize: Theme.body
            Accessible.name: qsTr("Officer")
            onActivated: bar.model.officer = currentValue
        }
    }
    Row {
        visible: bar.showDay
        spacing: Theme.gap / 2
        Button {
            objectName: bar.name + "PreviousDay"
            text: qsTr("‹ Day before")
            font.pixelSize: Theme.body
            Accessible.name: qsTr("The day before")
            onClicked: bar.model.moveDay(-1)
        }
        Label {
            objectName: bar.name + "Day"
            height: Math.max(implicitHeight, Theme.touch)
            verticalAlignment: Text.AlignVCenter
            text: bar.model.dayLabel
            font.pixelSize: Theme.body
            font.bold: true
            color: Theme.text
        }
        Button {
            objectName: bar.name + "NextDay"
            text: qsTr("Day after ›")
            font.pixelSize: Theme.body
            Accessible.name: qsTr("The day after")
            onClicked: bar.model.moveDay(1)
        }
    }
    Label {
        height: Math.max(implicitHeight, Theme.touch)
        verticalAlignment: Text.AlignVCenter
        visible: bar.model.count !== bar.model.totalCount
        text: qsTr("Showing %1 of %2").arg(bar.model.count).arg(bar.model.totalCount)
        font.pixelSize: Theme.body
        color: Theme.muted
    }
}
