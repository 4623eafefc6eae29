// Draws each chart from the Plotly figure that the server embedded as JSON beside it.
// Without JavaScript the sentence and table next to each chart stand on their own.
document.querySelectorAll("[data-chart-source]").forEach(function (container) {
  var source = document.getElementById(container.getAttribute("data-chart-source"));
  if (!source || !window.Plotly) {
    return;
  }
  var figure = JSON.parse(source.textContent);
  window.Plotly.newPlot(container, figure.data, figure.layout, {
    displayModeBar: false,
    responsive: true,
  });
});
