//! Native Excel charts over a form's own cells: a pie for shares of a whole (percentages
//! to one decimal, as in the table), bars for long category labels, columns for ordered
//! bands, a line with markers for periods, its axis from 0. Zero slices and zero bars
//! carry no label.

use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFont, ChartLegendPosition, ChartMarker, ChartMarkerType, ChartType, Worksheet,
    XlsxError,
};

use super::form::Placed;

/// Which kind of chart.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// Shares of a whole, labelled with percentages.
    Pie,
    /// Horizontal bars, for long labels.
    Bar,
    /// Vertical columns, for ordered bands.
    Column,
    /// A line, for periods.
    Line,
}

/// A chart of `rows` body rows of a form: labels in `label_col`, values in `value_col`.
pub struct Plot<'a> {
    /// The chart's title.
    pub title: &'a str,
    /// Its kind.
    pub shape: Shape,
    /// How many body rows, from the first.
    pub rows: u32,
    /// The column of the labels.
    pub label_col: u16,
    /// The column of the values.
    pub value_col: u16,
}

const FONT: &str = "宋体";

/// Inserts the chart below the form on `sheet`, named `name`.
pub fn insert(sheet: &mut Worksheet, name: &str, placed: Placed, plot: &Plot) -> Result<(), XlsxError> {
    if plot.rows == 0 {
        return Ok(());
    }
    let (first, last) = (placed.first_body_row, placed.first_body_row + plot.rows - 1);
    let mut chart = Chart::new(match plot.shape {
        Shape::Pie => ChartType::Pie,
        Shape::Bar => ChartType::Bar,
        Shape::Column => ChartType::Column,
        Shape::Line => ChartType::Line,
    });
    let mut font = ChartFont::new();
    font.set_name(FONT);
    let mut title_font = font.clone();
    title_font.set_bold().set_size(12);
    let mut label = ChartDataLabel::new();
    match plot.shape {
        Shape::Pie => label.show_percentage().show_category_name().set_num_format("0.0%;;;"),
        Shape::Bar | Shape::Column | Shape::Line => label.show_value().set_num_format("#,##0;;;"),
    }
    .set_font(&font);
    let series = chart
        .add_series()
        .set_name(plot.title)
        .set_categories((name, first, plot.label_col, last, plot.label_col))
        .set_values((name, first, plot.value_col, last, plot.value_col))
        .set_data_label(&label);
    if let Shape::Line = plot.shape {
        series.set_marker(ChartMarker::new().set_type(ChartMarkerType::Circle).set_size(7));
    }
    chart.title().set_name(plot.title).set_font(&title_font);
    match plot.shape {
        Shape::Pie => {
            chart.legend().set_position(ChartLegendPosition::Right).set_font(&font);
        }
        Shape::Bar | Shape::Column | Shape::Line => {
            chart.legend().set_hidden();
            chart.x_axis().set_font(&font);
            chart.y_axis().set_font(&font);
        }
    }
    if let Shape::Line = plot.shape {
        chart.y_axis().set_min(0);
    }
    if let Shape::Bar = plot.shape {
        // A bar chart's categories are on its y axis; the first cause goes on top.
        chart.y_axis().set_reverse();
    }
    chart.set_width(600).set_height(if let Shape::Bar = plot.shape { 380 } else { 320 });
    sheet.insert_chart(placed.next_free_row + 1, 0, &chart)?;
    Ok(())
}
