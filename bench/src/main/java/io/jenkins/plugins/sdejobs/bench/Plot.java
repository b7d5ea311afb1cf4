package io.jenkins.plugins.sdejobs.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/** Two small line charts against the number of concurrent waits (log scale): requests per job, overshoot p99. */
final class Plot {
    record Point(int waits, double requestsPerJob, double overshootP99Ms) {
    }

    private static final int W = 440;
    private static final int H = 300;
    private static final int PAD = 56;
    private static final Color SHARED = new Color(0x1f77b4);
    private static final Color PER_JOB = new Color(0xd62728);

    private Plot() {
    }

    static void draw(Path png, List<Point> shared, List<Point> perJob) throws IOException {
        BufferedImage img = new BufferedImage(2 * W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 2 * W, H);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        panel(g, 0, "requests per job (POST included)", shared, perJob, Point::requestsPerJob);
        panel(g, W, "overshoot p99 (ms)", shared, perJob, Point::overshootP99Ms);
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    private static void panel(Graphics2D g, int x0, String title, List<Point> shared, List<Point> perJob,
                              ToDoubleFunction<Point> y) {
        double max = 0;
        for (Point p : shared) {
            max = Math.max(max, y.applyAsDouble(p));
        }
        for (Point p : perJob) {
            max = Math.max(max, y.applyAsDouble(p));
        }
        max *= 1.15;
        int left = x0 + PAD;
        int right = x0 + W - 20;
        int top = 30;
        int bottom = H - 40;
        g.setColor(Color.BLACK);
        g.drawString(title, left, 18);
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        for (int i = 0; i <= 4; i++) {
            int yy = bottom - i * (bottom - top) / 4;
            g.drawString(String.format(Locale.ROOT, max >= 100 ? "%.0f" : "%.1f", max * i / 4), x0 + 6, yy + 4);
        }
        for (int waits : new int[] {1, 10, 100, 1000}) {
            int xx = xFor(waits, left, right);
            g.drawString(Integer.toString(waits), xx - 10, bottom + 16);
        }
        g.drawString("concurrent waits", (left + right) / 2 - 45, bottom + 32);
        series(g, shared, y, max, left, right, top, bottom, SHARED, "shared poll", 0);
        series(g, perJob, y, max, left, right, top, bottom, PER_JOB, "per-job polls", 1);
    }

    private static void series(Graphics2D g, List<Point> points, ToDoubleFunction<Point> y, double max, int left,
                               int right, int top, int bottom, Color c, String label, int row) {
        g.setColor(c);
        g.setStroke(new BasicStroke(2));
        int px = -1;
        int py = -1;
        for (Point p : points) {
            int xx = xFor(p.waits(), left, right);
            int yy = bottom - (int) ((bottom - top) * y.applyAsDouble(p) / max);
            g.fillOval(xx - 3, yy - 3, 7, 7);
            if (px >= 0) {
                g.drawLine(px, py, xx, yy);
            }
            px = xx;
            py = yy;
        }
        g.drawString(label, right - 100, top + 14 + 16 * row);
        g.setStroke(new BasicStroke(1));
    }

    private static int xFor(int waits, int left, int right) {
        return left + 20 + (int) ((right - left - 40) * Math.log10(waits) / 3);
    }
}
