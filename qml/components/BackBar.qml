import QtQuick
import Doorstep

// A page header with a back action, a title and a line under it.
AppBar {
    showBack: true
}
