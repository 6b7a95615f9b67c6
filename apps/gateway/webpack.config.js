module.exports = require('../../tools/build/node-app.webpack')('gateway');
