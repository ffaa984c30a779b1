package org.facefare.server.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import org.facefare.face.Template;
import org.facefare.face.detect.Box;
import org.facefare.face.eval.DatasetImage;
import org.facefare.face.eval.FaceDataset;

/**
 * The real faces a demo uses: riders who enrol (one photo to enrol, the others to ride with) and
 * strangers who never enrol and must be refused.
 *
 * <p>With the shared photo sets present, the camera-like sets are used (deepface-pairs, the
 * in-the-wild celeb-thumbs, the AT&amp;T crops; not Yale B, whose lighting no gate has), each
 * person with at least two photos; riders with five or more enrol with three; a seeded quarter of
 * the people are held out as strangers. Without them, the model packages' sample photos are used:
 * half the people enrol and ride with the mirror image of their photo, the others are strangers
 * (the report says which source was used).
 *
 * @param source where the faces come from, for the report
 * @param riders people who enrol
 * @param strangers people who never enrol
 */
public record DemoFaces(String source, List<Person> riders, List<Person> strangers) {

  /**
   * How many photos a rider enrols with when there are enough (at least two are left to ride): like
   * the several frames of an enrolment selfie session, their embeddings are averaged into one
   * template, which raises genuine scores markedly for this embedder (on celeb-thumbs, the share of
   * probes at or above the FMR 1e-4 threshold rises from 31 % with one photo to 65 % with three).
   */
  public static final int ENROLMENT_PHOTOS = 3;

  /** The photo sets used, in order, when present. */
  public static final List<String> DATASETS = List.of("deepface-pairs", "celeb-thumbs", "att");

  /**
   * One person.
   *
   * @param id a stable name, e.g. {@code celeb-thumbs/person03}
   * @param enrolment the photos a rider enrols with, fused into one template (unused for strangers)
   * @param rides the photos shown to gates
   */
  public record Person(String id, List<Photo> enrolment, List<Photo> rides) {

    /** Checks the fields. */
    public Person {
      Objects.requireNonNull(id, "id");
      enrolment = List.copyOf(enrolment);
      rides = List.copyOf(rides);
      if (enrolment.isEmpty()) {
        throw new IllegalArgumentException(id + " has no enrolment photo");
      }
      if (rides.isEmpty()) {
        throw new IllegalArgumentException(id + " has no photo to ride with");
      }
    }
  }

  /** Copies the lists. */
  public DemoFaces {
    riders = List.copyOf(riders);
    strangers = List.copyOf(strangers);
  }

  /**
   * The faces of the shared photo sets under {@code datasets}, split by {@code seed}.
   *
   * @throws IOException if a set cannot be listed
   * @throws IllegalArgumentException if none of {@link #DATASETS} is there
   */
  public static DemoFaces fromDatasets(Path datasets, long seed) throws IOException {
    List<Person> people = new ArrayList<>();
    List<String> used = new ArrayList<>();
    for (String name : DATASETS) {
      Path root = datasets.resolve(name);
      if (!Files.isDirectory(root)) {
        continue;
      }
      used.add(name);
      Map<String, List<Photo>> byIdentity = new TreeMap<>();
      for (DatasetImage image : FaceDataset.load(root).images()) {
        byIdentity
            .computeIfAbsent(image.identity(), k -> new ArrayList<>())
            .add(new Photo.File(image.path()));
      }
      byIdentity.forEach(
          (identity, photos) -> {
            if (photos.size() >= 2) {
              int enrol = photos.size() >= 2 + ENROLMENT_PHOTOS ? ENROLMENT_PHOTOS : 1;
              people.add(
                  new Person(
                      name + "/" + identity,
                      photos.subList(0, enrol),
                      photos.subList(enrol, photos.size())));
            }
          });
    }
    if (people.size() < 2) {
      throw new IllegalArgumentException(
          "no usable photo set under " + datasets + " (looked for " + DATASETS + ")");
    }
    Collections.shuffle(people, new Random(seed));
    int strangers = Math.max(1, people.size() / 4);
    return new DemoFaces(
        "photo sets " + String.join(", ", used) + " under " + datasets,
        people.subList(strangers, people.size()),
        people.subList(0, strangers));
  }

  /**
   * The sample photos in {@code folder} (the face-api package's {@code sample*.jpg}): each shows a
   * group, so every face the locator finds usable is cut out with a margin. The photos carry no
   * identity labels and the same people appear in several of them, so faces whose templates score
   * at least {@code samePerson} with each other are taken as one person (greedy clustering by the
   * model's own judgement); a person enrols with the first cut-out and rides with the mirror images
   * and any other cut-outs.
   *
   * @param locate finds the usable faces of a photo (the face engine)
   * @param samePerson the score at which two faces count as the same person
   * @throws IOException if the folder cannot be listed
   * @throws IllegalArgumentException if fewer than two people can be cut out
   */
  public static DemoFaces fromSamples(Path folder, FaceLocator locate, double samePerson)
      throws IOException {
    List<Path> samples;
    try (var list = Files.list(folder)) {
      samples =
          list.filter(p -> p.getFileName().toString().matches("sample\\d+\\.jpg"))
              .sorted()
              .toList();
    }
    List<List<Photo.Cropped>> crops = new ArrayList<>();
    List<Template> centres = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Path p : samples) {
      int k = 0;
      for (LocatedFace face : locate.usableFaces(p)) {
        int[] r = cropRegion(face.box());
        Photo.Cropped crop = new Photo.Cropped(p, r[0], r[1], r[2], r[3], false);
        int same = -1;
        for (int i = 0; i < centres.size() && same < 0; i++) {
          if (centres.get(i).cosine(face.template()) >= samePerson) {
            same = i;
          }
        }
        if (same >= 0) {
          crops.get(same).add(crop);
        } else {
          crops.add(new ArrayList<>(List.of(crop)));
          centres.add(face.template());
          names.add("sample/" + p.getFileName() + "#" + k);
        }
        k++;
      }
    }
    if (crops.size() < 2) {
      throw new IllegalArgumentException("fewer than two sample faces found in " + folder);
    }
    List<Person> riders = new ArrayList<>();
    List<Person> strangers = new ArrayList<>();
    for (int i = 0; i < crops.size(); i++) {
      List<Photo.Cropped> mine = crops.get(i);
      List<Photo> rides = new ArrayList<>(mine.subList(1, mine.size()));
      for (Photo.Cropped c : mine) {
        rides.add(new Photo.Cropped(c.path(), c.left(), c.top(), c.right(), c.bottom(), true));
      }
      (i % 2 == 0 ? riders : strangers)
          .add(new Person(names.get(i), List.of(mine.getFirst()), rides));
    }
    return new DemoFaces(
        "model package sample photos in "
            + folder
            + " (faces cut out of group photos, grouped into people by the model; mirrored to ride)",
        riders,
        strangers);
  }

  /**
   * A usable face found in a photo.
   *
   * @param box where it is, in pixels
   * @param template its template, for telling people apart
   */
  public record LocatedFace(Box box, Template template) {}

  /** The region cut out around a face box: the box with a margin of 0.35 of its longer side. */
  public static int[] cropRegion(Box b) {
    double margin = 0.35 * Math.max(b.right() - b.left(), b.bottom() - b.top());
    return new int[] {
      (int) Math.max(0, b.left() - margin),
      (int) Math.max(0, b.top() - margin),
      (int) Math.ceil(b.right() + margin),
      (int) Math.ceil(b.bottom() + margin)
    };
  }

  /** Finds the faces of a photo that can be cut out as one person each. */
  @FunctionalInterface
  public interface FaceLocator {

    /**
     * The faces in {@code photo} that, cut out by {@link #cropRegion}, pass a gate's checks; empty
     * when there are none.
     *
     * @throws IOException if the photo cannot be read
     */
    List<LocatedFace> usableFaces(Path photo) throws IOException;
  }
}
