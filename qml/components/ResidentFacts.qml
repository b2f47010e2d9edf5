import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// What an officer must know about the resident wherever they are (Today, the case, every
// step of a visit): the case number, contact needs, vulnerabilities and address risks, each
// in words with an icon, never colour alone.
ColumnLayout {
    id: facts
    property string caseNumber: ""
    property var needs: []
    property var vulnerabilities: []
    property var risks: []
    spacing: 4

    Label {
        objectName: "factsCaseNumber"
        visible: facts.caseNumber !== ""
        Layout.fillWidth: true
        text: qsTr("Case %1").arg(facts.caseNumber)
        font.pixelSize: Theme.small
        font.bold: true
        color: Theme.muted
    }
    Tags { objectName: "factsNeeds"; items: facts.needs; kind: "info"; visible: facts.needs.length > 0 }
    Tags {
        objectName: "factsVulnerabilities"
        items: facts.vulnerabilities
        kind: "vulnerability"
        visible: facts.vulnerabilities.length > 0
    }
    Tags { objectName: "factsRisks"; items: facts.risks; kind: "danger"; visible: facts.risks.length > 0 }
}
