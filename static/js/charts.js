// Draws each chart from the Plotly figure that the server embedded as JSON beside it.
// Without JavaScript the sentence and table next to each chart stand on their own.
var NARROW_CHART_WIDTH = 600;
document.querySelectorAll("[data-chart-source]").forEach(function (container) {
  var source = document.getElementById(container.getAttribute("data-chart-source"));
  if (!source || !window.Plotly) {
    return;
  }
  var figure = JSON.parse(source.textContent);
  // A bar chart's labels in words run off a phone's screen: there it shows just the figures
  // (carried as customdata); the table beneath the chart has the words.
  if (container.clientWidth < NARROW_CHART_WIDTH) {
    figure.data.forEach(function (trace) {
      if (trace.customdata && trace.text) {
        trace.text = trace.customdata;
      }
    });
  }
  window.Plotly.newPlot(container, figure.data, figure.layout, {
    displayModeBar: false,
    responsive: true,
  });
});
