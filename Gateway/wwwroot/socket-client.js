/* ActorMessenger: the old server's `socketClient` for pages written for it, now over SignalR.
   Load /client-config.js first. Usage:
     await socketClient.connect({ username: "user1", password: "..." });   // or connect(userId) after logging in on the messenger page
     socketClient.onMessage(function (data) { console.log(data.chatId, data.message.text); });
     await socketClient.sendMessage(null, 3, "Hello");                       // chatId or recipientId
   See docs/web-client.md. */
(function () {
  "use strict";
  var config = window.SERVER_CONFIG || {};
  var serverUrl = (config.serverUrl || "").replace(/\/$/, "");
  var loading = null;
  var pending = [];
  function client() {
    if (!loading) {
      loading = import(serverUrl + "/assets/compat.js").then(function (m) {
        var c = m.createSocketClient(serverUrl);
        pending.forEach(function (cb) { c.onMessage(cb); });
        pending = [];
        return c;
      });
    }
    return loading;
  }
  window.socketClient = {
    connect: function (who) { return client().then(function (c) { return c.connect(who); }); },
    sendMessage: function (chatId, recipientId, message) {
      return client().then(function (c) { return c.sendMessage(chatId, recipientId, message); });
    },
    onMessage: function (callback) {
      if (loading) { client().then(function (c) { c.onMessage(callback); }); } else { pending.push(callback); }
    },
    disconnect: function () { return client().then(function (c) { return c.disconnect(); }); }
  };
})();
